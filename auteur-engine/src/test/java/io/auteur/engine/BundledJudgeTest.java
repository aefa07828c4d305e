package io.auteur.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.auteur.engine.JudgeReading.Attribute;
import io.auteur.engine.internal.judge.JudgeClips;
import io.auteur.media.Clip;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The judge committed in models/judge, on previs clips rendered now from seeds it never saw. */
class BundledJudgeTest {
    static final Path BUNDLED = Path.of("..", "models", "judge");
    /** Beyond the training seeds (5,000,000 on) and the card's test seeds (6,000,000 on). */
    static final long FRESH_SEEDS = 7_000_000;

    @Test
    void theBundledJudgeDoesOnFreshRendersWhatItsCardSays() {
        assertThat(Files.isRegularFile(BUNDLED.resolve(Judge.WEIGHTS)))
                .as("the bundled judge at %s (make it with: auteur judge train --out models/judge)",
                        BUNDLED.toAbsolutePath().normalize())
                .isTrue();
        try (Judge judge = Judge.load(BUNDLED, Device.cpu())) {
            Judge.Evaluation evaluation = judge.evaluate(FRESH_SEEDS, 200, 2, done -> { });
            assertThat(judge.accuracy()).containsOnlyKeys(Attribute.values());
            for (Attribute attribute : Attribute.values()) {
                double measured = evaluation.scores().get(attribute).accuracy(), stated = judge.accuracy().get(attribute);
                // The card's accuracy (1000 clips) holds on 200 new ones, within four binomial standard errors...
                double error = 4 * Math.sqrt(stated * (1 - stated) / 200);
                assertThat(measured).as(attribute + " accuracy against the card").isBetween(stated - error, stated + error);
                // ...and the judge has learned each attribute: well above guessing among its labels.
                assertThat(measured).as(attribute + " above chance").isGreaterThan(1.25 / attribute.labels().size());
                // Untrusted attributes are not scored with (the card lists which are trusted).
                assertThat(judge.trusted(attribute)).isEqualTo(stated >= Judge.TRUSTED_ACCURACY);
            }
        }
    }

    @Test
    void colourShapeAndSizeReadTheSameInAMirrorWhileLeftAndRightSwap() {
        try (Judge judge = Judge.load(BUNDLED, Device.cpu())) {
            // Fresh scenes whose object travels left or right.
            List<JudgeClips.Rendered> sideways = JudgeClips.render(JudgeClips.seeds(FRESH_SEEDS + 10_000, 120),
                            judge.config(), 2, n -> { }).stream()
                    .filter(r -> List.of("left", "right").contains(Judge.truth(r.scene()).get(Attribute.DIRECTION)))
                    .limit(12).toList();
            assertThat(sideways).hasSize(12);
            List<Clip> clips = sideways.stream().map(r -> JudgeClips.clip(r, judge.config())).toList();
            List<JudgeReading> readings = judge.readAll(clips);
            List<JudgeReading> mirrored = judge.readAll(clips.stream().map(BundledJudgeTest::mirror).toList());
            int swapped = 0;
            for (int i = 0; i < clips.size(); i++) {
                for (Attribute attribute : Attribute.values()) {
                    if (attribute.appearance()) {
                        // The mean of a clip's and its mirror's readings: the same either way round.
                        JudgeReading.Guess mirror = mirrored.get(i).get(attribute);
                        readings.get(i).get(attribute).probabilities().forEach((label, p) -> assertThat(
                                mirror.probabilityOf(label)).as(attribute + " " + label).isCloseTo(p, Offset.offset(1e-5)));
                    }
                }
                String direction = readings.get(i).label(Attribute.DIRECTION);
                String mirror = mirrored.get(i).label(Attribute.DIRECTION);
                swapped += direction.equals("left") && mirror.equals("right")
                        || direction.equals("right") && mirror.equals("left") ? 1 : 0;
            }
            // Direction is read from each view alone, so a mirror turns left into right.
            assertThat(swapped).as("clips read left one way and right in the mirror").isGreaterThanOrEqualTo(9);
        }
    }

    private static Clip mirror(Clip clip) {
        List<byte[]> frames = new ArrayList<>();
        int w = clip.width();
        for (int t = 0; t < clip.frameCount(); t++) {
            byte[] rgb = clip.frameRgb(t), out = new byte[rgb.length];
            for (int y = 0; y < clip.height(); y++) {
                for (int x = 0; x < w; x++) {
                    System.arraycopy(rgb, (y * w + x) * 3, out, (y * w + w - 1 - x) * 3, 3);
                }
            }
            frames.add(out);
        }
        return Clip.of(frames, w, clip.height(), clip.fps());
    }
}
