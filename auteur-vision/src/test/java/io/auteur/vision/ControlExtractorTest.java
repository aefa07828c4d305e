package io.auteur.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import io.auteur.previs.ControlKind;
import io.auteur.previs.render.FlowColours;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlExtractorTest {
    @TempDir
    Path dir;

    @Test
    void cannyEdgesFromAPrevisRenderMatchTheRenderedEdges() {
        // A plain floor: the rendered edges are geometry (silhouettes, creases), and so are the picture's edges.
        PrevisShots shots = PrevisShots.render("a large red cube spins on a plain floor", 128, 128, 6, 8);
        Clip edges = ControlExtractor.edges(shots.clip());
        EdgeScore score = ControlAdherence.edgeF1(edges, shots.edgeControl(), ControlAdherence.DEFAULT_EDGE_TOLERANCE_PIXELS);
        System.out.println("canny against previs edges: " + score);
        // measured F1 0.897 (precision 0.94, recall 0.86): the misses are creases between faces lit alike
        assertThat(score.f1()).isGreaterThan(0.85);
        assertThat(score.precision()).isGreaterThan(0.85);
        assertThat(score.recall()).isGreaterThan(0.8);
        // edge adherence of a generated clip is exactly this: its Canny edges against the control
        assertThat(ControlAdherence.edgeAdherence(shots.clip(), shots.edgeControl())).isEqualTo(score);

        // the control: the same edges moved 4 pixels right and down no longer line up
        java.util.List<byte[]> moved = new java.util.ArrayList<>();
        for (int t = 0; t < edges.frameCount(); t++) {
            byte[] rgb = edges.frameRgb(t), shifted = new byte[rgb.length];
            for (int y = 0; y + 4 < 128; y++) {
                System.arraycopy(rgb, y * 128 * 3, shifted, ((y + 4) * 128 + 4) * 3, 124 * 3);
            }
            moved.add(shifted);
        }
        EdgeScore shifted = ControlAdherence.edgeF1(Clip.of(moved, 128, 128, 8), shots.edgeControl(), 1.5);
        System.out.println("the same edges shifted by (4, 4): " + shifted);
        assertThat(shifted.f1()).isLessThan(score.f1() - 0.3);
    }

    @Test
    void extractedEdgesUseThePrevisEncodingWhiteOnBlackInEveryChannel() {
        PrevisShots shots = PrevisShots.render("a blue cone moves to the left on a plain floor", 64, 64, 2, 8);
        Clip edges = ControlExtractor.edges(shots.clip());
        assertThat(edges.frameCount()).isEqualTo(2);
        assertThat(edges.fps()).isEqualTo(8);
        int white = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int r = edges.sample(1, x, y, 0);
                assertThat(r).isIn(0, 255);
                assertThat(edges.sample(1, x, y, 1)).isEqualTo(r);
                assertThat(edges.sample(1, x, y, 2)).isEqualTo(r);
                white += r == 255 ? 1 : 0;
            }
        }
        assertThat(white).isBetween(20, 64 * 64 / 5);
    }

    @Test
    void flowColoursAreThePrevisFlowControlEncoding() {
        assertThat(ControlExtractor.FLOW_SATURATION).isEqualTo(ControlKind.FLOW_SATURATION);
        Random random = new Random(5);
        int w = 40, h = 30;
        float[] flow = new float[2 * w * h];
        for (int i = 0; i < flow.length; i++) {
            flow[i] = (float) (random.nextGaussian() * 3);
        }
        flow[0] = 0;
        flow[1] = 0;
        assertThat(ControlExtractor.flowColours(new FlowField(w, h, flow)))
                .isEqualTo(FlowColours.toRgb(flow, w, h, ControlKind.FLOW_SATURATION * w));
    }

    @Test
    void flowControlOfAPrevisRenderLooksLikeTheRenderedFlowControl() {
        PrevisShots shots = PrevisShots.render(
                "a red sphere rolls to the right on a checkered floor while the camera pans left", 96, 96, 4, 8);
        Clip extracted = ControlExtractor.flow(shots.clip());
        assertThat(extracted.frameCount()).isEqualTo(4);
        // the previs control, drawn from the rendered flow: compare colours away from the (untextured) sky, and
        // against the guess "nothing moves" (white), which a useless extractor would come close to
        long difference = 0, still = 0, pixels = 0;
        for (int t = 0; t < 3; t++) {
            byte[] truth = FlowColours.toRgb(shots.frames().get(t).frame().flow(), 96, 96, ControlKind.FLOW_SATURATION * 96);
            short[] instance = shots.frames().get(t).frame().instance();
            for (int p = 0; p < 96 * 96; p++) {
                if (instance[p] == 0) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    difference += Math.abs((truth[3 * p + c] & 0xff) - extracted.sample(t, p % 96, p / 96, c));
                    still += 255 - (truth[3 * p + c] & 0xff);
                }
                pixels++;
            }
        }
        double meanLevels = difference / (3.0 * pixels), stillLevels = still / (3.0 * pixels);
        System.out.printf("flow control colours differ by %.2f levels on average (white: %.2f)%n", meanLevels, stillLevels);
        // Colour error grows as 255 e / (0.05 w) for an end-point error e: 0.5 px is 27 levels at 96 px wide, so a
        // sub-pixel flow still leaves some 10 levels; the bound is a third of the no-motion guess's error.
        assertThat(meanLevels).isLessThan(stillLevels / 3);
        assertThat(extracted.frameRgb(3)).as("the last frame repeats the flow into it").isEqualTo(extracted.frameRgb(2));
    }

    @Test
    void extractionWorksOnRealFootage() throws Exception {
        Path footage = sharedFixture("fixtures/footage/waterfall-720x1280.mp4");
        Clip clip = Video.read(footage, Limits.DEFAULT, 0, 6);
        assertThat(clip.width()).isEqualTo(720);
        assertThat(clip.height()).isEqualTo(1280);

        for (ExtractedControl kind : ExtractedControl.values()) {
            Path out = dir.resolve(kind.label() + ".mp4");
            ControlExtractor.write(kind.extract(clip), out);
            Clip back = Video.read(out, Limits.DEFAULT);
            assertThat(back.width()).isEqualTo(720);
            assertThat(back.height()).isEqualTo(1280);
            assertThat(back.frameCount()).isEqualTo(6);
        }
        Clip edges = ControlExtractor.edges(clip);
        double edgeShare = share(edges, 0, v -> v == 255);
        System.out.printf("waterfall: %.1f %% edge pixels%n", 100 * edgeShare);
        assertThat(edgeShare).isBetween(0.005, 0.4);

        // frames 0 and 1 of this file are the same picture (a duplicated frame), so measure from 1 to 2
        FlowField flow = OpticalFlow.between(clip, 1, 2);
        double moving = 0, downward = 0;
        for (int y = 0; y < 1280; y++) {
            for (int x = 0; x < 720; x++) {
                if (flow.magnitude(x, y) > 1) {
                    moving++;
                    downward += flow.dy(x, y) > 0 ? 1 : 0;
                }
            }
        }
        System.out.printf("waterfall: %.1f %% of pixels move over 1 px, %.0f %% of those downward%n",
                100 * moving / (720 * 1280), 100 * downward / Math.max(1, moving));
        assertThat(moving).as("falling water moves").isGreaterThan(0.01 * 720 * 1280);
        assertThat(downward).as("and it moves down").isGreaterThan(0.8 * moving);
    }

    @Test
    void qualityMetricsWorkOnRealFootage() {
        Path footage = sharedFixture("fixtures/footage/waterfall-720x1280.mp4");
        // a 256 x 256 window of frames 1 to 6 (frame 0 duplicates frame 1)
        Clip clip = Video.read(footage, Limits.DEFAULT, 1, 6).crop(232, 512, 256, 256);
        QualityReport report = QualityMetrics.measure(clip);
        System.out.println("waterfall quality: " + report);
        // falling water changes every pixel a little: flicker well below a still clip's 1, yet far above noise
        assertThat(report.temporalFlicker()).isBetween(0.85, 0.995);
        assertThat(report.warpingError().validFraction()).isGreaterThan(0.5);
        assertThat(report.warpingError().meanSquaredError()).isBetween(0.0, 0.01);
        assertThat(report.motionSmoothness()).isBetween(0.9, 1.0);
        assertThat(report.subjectConsistency().mean()).isBetween(0.8, 1.0);
    }

    static Path sharedFixture(String relative) {
        String shared = System.getProperty("auteur.shared");
        if (shared == null) {
            fail("system property auteur.shared is not set: run through Maven (surefire passes ../shared) or add "
                    + "-Dauteur.shared=/path/to/shared");
        }
        Path path = Path.of(shared).resolve(relative);
        if (!Files.isRegularFile(path)) {
            fail("fixture missing: " + path + " (auteur.shared=" + shared + "); these tests need the shared fixtures");
        }
        return path;
    }

    private static double share(Clip clip, int frame, java.util.function.IntPredicate test) {
        long n = 0;
        for (int y = 0; y < clip.height(); y++) {
            for (int x = 0; x < clip.width(); x++) {
                n += test.test(clip.sample(frame, x, y, 0)) ? 1 : 0;
            }
        }
        return n / (double) (clip.width() * clip.height());
    }
}
