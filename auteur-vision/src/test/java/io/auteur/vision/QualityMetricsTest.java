package io.auteur.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.auteur.media.Clip;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QualityMetricsTest {
    /** A rolling sphere under a panning camera: motion everywhere, textured floor, 12 frames at 128 x 128. */
    private static PrevisShots moving;

    @BeforeAll
    static void render() {
        moving = PrevisShots.render("a red sphere rolls to the right on a checkered floor while the camera pans left",
                128, 128, 12, 8);
    }

    @Test
    void flickerOfAStaticClipIsOneAndDropsWhenNoiseIsAdded() {
        Clip still = PrevisShots.render("a red sphere rests on a plain floor", 64, 64, 6, 8).clip();
        assertThat(QualityMetrics.temporalFlicker(still)).isEqualTo(1.0);

        Clip noisy = withNoise(still, 8, new Random(1));
        assertThat(QualityMetrics.temporalFlicker(noisy)).isLessThan(0.99);

        // On mid grey nothing clips, so the score is known: for independent integer noise uniform on [-a, a]
        // (n = 2a + 1 values), E|X - Y| = (n^2 - 1) / (3n), which is 5.647 levels for a = 8.
        Clip grey = flat(128, 96, 64, 64, 16);
        double expected = 1 - (17.0 * 17 - 1) / (3 * 17) / 255;
        assertThat(QualityMetrics.temporalFlicker(withNoise(grey, 8, new Random(2)))).isCloseTo(expected, within(0.001));
        assertThat(QualityMetrics.temporalFlicker(withNoise(grey, 16, new Random(3))))
                .as("more noise, more flicker").isLessThan(expected - 0.01);
    }

    @Test
    void warpingErrorIsLowerForAPrevisClipThanForTheSameFramesShuffled() {
        WarpingError ordered = QualityMetrics.warpingError(moving.clip());
        WarpingError shuffled = QualityMetrics.warpingError(shuffle(moving.clip(), new Random(7)));
        System.out.println("warping error: ordered " + ordered + ", shuffled " + shuffled);
        assertThat(ordered.framePairs()).isEqualTo(11);
        assertThat(ordered.validFraction()).as("most pixels are neither occluded nor leaving").isGreaterThan(0.8);
        assertThat(ordered.meanSquaredError()).isLessThan(0.001);
        // measured 2.4e-4 against 5.0e-4: shuffling at least doubles the error left after warping
        assertThat(shuffled.meanSquaredError()).isGreaterThan(1.6 * ordered.meanSquaredError());
        assertThat(shuffled.validFraction()).as("jumps between far frames fail the consistency check more often")
                .isLessThan(ordered.validFraction());
    }

    @Test
    void warpingErrorOfAFrozenClipIsZero() {
        Clip still = PrevisShots.render("a red sphere rests on a checkered floor", 64, 64, 4, 8).clip();
        WarpingError error = QualityMetrics.warpingError(still);
        assertThat(error.meanSquaredError()).isCloseTo(0, within(1e-6));
        assertThat(error.validFraction()).isGreaterThan(0.99);
    }

    @Test
    void motionIsSmootherInOrderThanShuffled() {
        double ordered = QualityMetrics.motionSmoothness(moving.clip());
        double shuffled = QualityMetrics.motionSmoothness(shuffle(moving.clip(), new Random(7)));
        System.out.println("motion smoothness: ordered " + ordered + ", shuffled " + shuffled);
        // measured 0.9955 against 0.960: steady rendered motion is interpolated to within about 1 level
        assertThat(ordered).isGreaterThan(0.99);
        assertThat(shuffled).isLessThan(ordered - 0.02);
    }

    @Test
    void subjectConsistencyDropsWhenTheSubjectChangesColourMidClip() {
        String red = "a large red cube spins on a plain grey floor";
        PrevisShots redCube = PrevisShots.render(red, 96, 96, 8, 8);
        PrevisShots blueCube = PrevisShots.render(red.replace("red", "blue"), 96, 96, 8, 8);
        List<byte[]> spliced = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            spliced.add((t < 4 ? redCube : blueCube).clip().frameRgb(t));
        }
        SubjectConsistency same = QualityMetrics.subjectConsistency(redCube.clip());
        SubjectConsistency changed = QualityMetrics.subjectConsistency(Clip.of(spliced, 96, 96, 8));
        System.out.println("subject consistency: same " + same + ", colour change " + changed);
        // The cube covers about 6 % of the picture, so the colour histogram moves by a few per cent: measured
        // 0.990 -> 0.981 on average, each frame after the change 0.015 to 0.018 below the unchanged clip's.
        assertThat(changed.mean()).isLessThan(same.mean() - 0.005);
        // the drop happens at the change: frames before it agree, every frame after it falls below all of the
        // unchanged clip's frames
        assertThat(changed.similarityToFirst().subList(0, 4)).isEqualTo(same.similarityToFirst().subList(0, 4));
        for (int t = 4; t < 8; t++) {
            assertThat(changed.similarityToFirst().get(t)).as("frame %d", t)
                    .isLessThan(same.similarityToFirst().get(t) - 0.01)
                    .isLessThan(same.minimum() - 0.005);
        }
    }

    @Test
    void theReportGathersEveryMeasure() {
        QualityReport report = QualityMetrics.measure(moving.clip());
        assertThat(report.frames()).isEqualTo(12);
        assertThat(report.temporalFlicker()).isEqualTo(QualityMetrics.temporalFlicker(moving.clip()));
        assertThat(report.warpingError()).isEqualTo(QualityMetrics.warpingError(moving.clip()));
        assertThat(report.motionSmoothness()).isEqualTo(QualityMetrics.motionSmoothness(moving.clip()));
        assertThat(report.subjectConsistency().mean()).isBetween(0.9, 1.0);
    }

    static Clip flat(int r, int g, int b, int size, int frames) {
        List<byte[]> out = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            byte[] rgb = new byte[size * size * 3];
            for (int i = 0; i < rgb.length; i += 3) {
                rgb[i] = (byte) r;
                rgb[i + 1] = (byte) g;
                rgb[i + 2] = (byte) b;
            }
            out.add(rgb);
        }
        return Clip.of(out, size, size, 8);
    }

    /** Adds independent integer noise, uniform on [-amplitude, amplitude], to every sample, clamped to 0..255. */
    static Clip withNoise(Clip clip, int amplitude, Random random) {
        List<byte[]> out = new ArrayList<>();
        for (int t = 0; t < clip.frameCount(); t++) {
            byte[] rgb = clip.frameRgb(t);
            for (int i = 0; i < rgb.length; i++) {
                int v = (rgb[i] & 0xff) + random.nextInt(2 * amplitude + 1) - amplitude;
                rgb[i] = (byte) Math.max(0, Math.min(255, v));
            }
            out.add(rgb);
        }
        return Clip.of(out, clip.width(), clip.height(), clip.fps());
    }

    static Clip shuffle(Clip clip, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int t = 0; t < clip.frameCount(); t++) {
            order.add(t);
        }
        Collections.shuffle(order, random);
        List<byte[]> out = new ArrayList<>();
        for (int t : order) {
            out.add(clip.frameRgb(t));
        }
        return Clip.of(out, clip.width(), clip.height(), clip.fps());
    }
}
