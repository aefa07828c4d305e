package io.auteur.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.auteur.media.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A control steers the whole of an extended clip: each window follows the stretch of the control under its own
 * frames, not the whole control squeezed into it. On the committed worlds-tiny weights, since a fresh model's
 * output does not depend on its control yet.
 */
class ControlledExtensionTest {
    static final Path BUNDLED = Path.of("..", "models", "worlds-tiny");

    @Test
    void eachWindowOfAnExtensionFollowsTheControlUnderIt() {
        assertThat(Files.isRegularFile(BUNDLED.resolve("model.safetensors")))
                .as("the bundled model at %s", BUNDLED.toAbsolutePath().normalize()).isTrue();
        try (VideoModel model = VideoModel.load(BUNDLED, Device.cpu())) {
            GenerationPipeline pipeline = new GenerationPipeline(model);
            int side = model.config().width(), window = model.config().frames();
            // 16 frames extended by 12: one window (overlap 4) that covers frames 12 to 27 and knows 12 to 15.
            Clip source = movingSquare(window, 0, side), control = movingSquare(window + 12, 1, side);
            Generation request = Generation.of("a white cube moves to the right", window, 5, 2)
                    .withControl(new Generation.Control("edges", control, 1.0));
            Clip extended = pipeline.extend(source, 12, request, GenerationPipeline.Progress.NONE).clip();
            assertThat(extended.frameCount()).isEqualTo(window + 12);

            List<byte[]> known = new ArrayList<>();
            for (int t = 0; t < window; t++) {
                known.add(t < 4 ? source.frameRgb(12 + t) : new byte[side * side * 3]);
            }
            Generation firstWindow = request.withKnown(new Generation.KnownPixels(Clip.of(known, side, side,
                    source.fps()), Masks.frames(window, side, side, 0, 1, 2, 3)));
            Clip underIt = pipeline.generate(firstWindow.withControl(new Generation.Control("edges",
                    control.frames(12, 28), 1.0)), GenerationPipeline.Progress.NONE).clip();
            Clip squeezed = pipeline.generate(firstWindow, GenerationPipeline.Progress.NONE).clip();
            int differing = 0;
            for (int t = 16; t < 28; t++) {
                assertThat(extended.frameRgb(t)).as("frame " + t).isEqualTo(underIt.frameRgb(t - 12));
                differing += Arrays.equals(extended.frameRgb(t), squeezed.frameRgb(t - 12)) ? 0 : 1;
            }
            assertThat(differing).as("frames drawn otherwise with the whole control squeezed into the window")
                    .isEqualTo(12);
        }
    }

    /** A white square outline sliding right over black, {@code speed} pixels a frame: an edge map. */
    private static Clip movingSquare(int frames, int speed, int side) {
        List<byte[]> out = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            byte[] rgb = new byte[side * side * 3];
            int left = 4 + t * speed, top = side / 3, size = side / 4;
            for (int y = top; y <= top + size; y++) {
                for (int x = left; x <= Math.min(side - 1, left + size); x++) {
                    if (y == top || y == top + size || x == left || x == left + size) {
                        Arrays.fill(rgb, (y * side + x) * 3, (y * side + x) * 3 + 3, (byte) 255);
                    }
                }
            }
            out.add(rgb);
        }
        return Clip.of(out, side, side, 8);
    }
}
