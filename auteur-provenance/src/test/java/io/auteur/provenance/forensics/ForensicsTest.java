package io.auteur.provenance.forensics;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.media.AudioTrack;
import io.auteur.media.Clip;
import io.auteur.media.EncodeOptions;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.ShotRenderer;
import io.auteur.previs.caption.PromptParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calibrated score on clips it was not fitted on: previs renders of prompts the calibration did not use, and
 * windows of the footage it did not cut. Small samples: the rates are printed, and every clip must land on its side.
 */
class ForensicsTest {
    private static final String[] HELD_OUT_PROMPTS = {
        "a white cube slides to the right on a striped floor under a cloudy sky",
        "a person jumps on a plain floor while the camera pans left",
        "a red cone spins on a noisy floor under a sunset sky",
        "a blue sphere falls on a checkered floor while the camera dollies in",
    };

    @TempDir
    Path dir;

    @Test
    void heldOutRendersScoreGeneratedAndHeldOutFootageScoresCamera() throws Exception {
        List<ForensicScore> generated = new ArrayList<>();
        for (String prompt : HELD_OUT_PROMPTS) {
            generated.add(Forensics.score(throughH264(render(prompt, 192, 144), 23)).orElseThrow());
        }
        String root = System.getProperty("auteur.shared");
        Path footagePath = Path.of(root == null ? "../shared" : root, "fixtures/footage/waterfall-720x1280.mp4");
        assertThat(footagePath).as("../shared/fixtures/footage is needed").exists();
        Clip footage = Video.read(footagePath, Limits.DEFAULT);
        List<ForensicScore> camera = new ArrayList<>();
        // Windows the calibration did not cut: other crops, other frame ranges, a third-size copy.
        camera.add(Forensics.score(footage.frames(10, 40).crop(100, 200, 400, 300)).orElseThrow());
        camera.add(Forensics.score(footage.frames(45, 60).crop(300, 900, 256, 256)).orElseThrow());
        camera.add(Forensics.score(throughH264(footage.frames(0, 20).crop(0, 300, 640, 360), 30)).orElseThrow());

        long truePositives = generated.stream().filter(ForensicScore::generatedLike).count();
        long falsePositives = camera.stream().filter(ForensicScore::generatedLike).count();
        System.out.printf(Locale.ROOT, "forensics held out: flagged %d of %d renders, %d of %d footage windows%n",
                truePositives, generated.size(), falsePositives, camera.size());
        assertThat(truePositives).isEqualTo(generated.size());
        assertThat(falsePositives).isZero();
        assertThat(generated.getFirst().summary()).contains("of 20 generated-style clips").contains("of 12 camera clips");
    }

    @Test
    void aStillAndATinyClipGetNoScore() {
        Clip still = render(HELD_OUT_PROMPTS[0], 128, 96).frames(0, 1);
        assertThat(Forensics.score(still)).isEmpty();
        assertThat(Forensics.score(render(HELD_OUT_PROMPTS[0], 48, 48))).isEmpty();
        assertThat(Forensics.measure(still).temporal()).isFalse();
    }

    private static Clip render(String prompt, int width, int height) {
        ShotRenderer renderer = new ShotRenderer(new PromptParser().parse(prompt), RenderSettings.of(width, height, 1, 12));
        List<byte[]> frames = new ArrayList<>();
        for (int t = 0; t < renderer.settings().frameCount(); t++) {
            frames.add(renderer.render(t).frame().rgb());
        }
        return Clip.of(frames, width, height, 12);
    }

    private Clip throughH264(Clip clip, int crf) throws Exception {
        Path file = Files.createTempFile(dir, "clip", ".mp4");
        Video.write(clip, file, EncodeOptions.h264(AudioTrack.none()).withCrf(crf).withPreset("veryfast"));
        return Video.read(file, Limits.DEFAULT);
    }
}
