package io.auteur.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.auteur.media.Clip;
import io.auteur.previs.ControlKind;
import io.auteur.previs.ShotFrame;
import io.auteur.vision.VisionException.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlAdherenceTest {
    @Test
    void depthControlCorrelatesWithTheRenderedDepthAndNotWithAnotherFrames() {
        PrevisShots shots = PrevisShots.render("a large red sphere bounces toward the camera on a plain floor", 64, 64, 6, 8);
        Clip control = draw(shots, ControlKind.DEPTH);
        assertThat(ControlAdherence.depthCorrelation(control, control).meanPearson()).isCloseTo(1, within(1e-9));

        // the caller's estimate in another unit: inverse metric depth, unsaturated (the control clips at 2 m)
        List<float[]> inverseDepth = new ArrayList<>();
        for (ShotFrame frame : shots.frames()) {
            float[] depth = frame.frame().depth();
            float[] inverse = new float[depth.length];
            for (int i = 0; i < depth.length; i++) {
                inverse[i] = 1 / depth[i];
            }
            inverseDepth.add(inverse);
        }
        DepthAgreement agreement = ControlAdherence.depthCorrelation(control, inverseDepth);
        System.out.println("depth control against inverse depth: " + agreement);
        assertThat(agreement.framesCompared()).isEqualTo(6);
        assertThat(agreement.meanPearson()).isGreaterThan(0.9);

        // an estimate upside down is a poor one
        List<float[]> flipped = new ArrayList<>();
        for (float[] inverse : inverseDepth) {
            float[] f = new float[inverse.length];
            for (int y = 0; y < 64; y++) {
                System.arraycopy(inverse, (63 - y) * 64, f, y * 64, 64);
            }
            flipped.add(f);
        }
        assertThat(ControlAdherence.depthCorrelation(control, flipped).meanPearson()).isLessThan(0);
    }

    @Test
    void poseErrorIsTheMeanDistanceOfVisibleKeypointsOnly() {
        PrevisShots shots = PrevisShots.render("a person waves on a plain floor", 96, 96, 3, 8);
        List<float[]> reference = new ArrayList<>();
        List<float[]> estimate = new ArrayList<>();
        int visible = 0;
        for (ShotFrame frame : shots.frames()) {
            float[] keypoints = frame.keypoints().orElseThrow();
            reference.add(keypoints);
            float[] moved = keypoints.clone();
            for (int k = 0; k < 17; k++) {
                moved[3 * k] += 3;
                moved[3 * k + 1] += 4;
                if (keypoints[3 * k + 2] != 2) {
                    moved[3 * k] += 500; // not visible in the reference: must not count
                } else {
                    visible++;
                }
            }
            estimate.add(moved);
        }
        assertThat(visible).isGreaterThan(20);
        PoseError error = ControlAdherence.poseKeypointError(reference, estimate);
        assertThat(error.meanPixels()).isCloseTo(5, within(1e-4));
        assertThat(error.keypointsCompared()).isEqualTo(visible);
        assertThat(error.keypointsMissed()).isZero();

        // a keypoint the estimator did not find is counted as missed, not as a distance
        float[] firstFrame = estimate.getFirst();
        int nose = 0;
        if (reference.getFirst()[3 * nose + 2] == 2) {
            firstFrame[3 * nose + 2] = 0;
            PoseError withMiss = ControlAdherence.poseKeypointError(reference, estimate);
            assertThat(withMiss.keypointsMissed()).isEqualTo(1);
            assertThat(withMiss.keypointsCompared()).isEqualTo(visible - 1);
            assertThat(withMiss.meanPixels()).isCloseTo(5, within(1e-4));
        }
    }

    @Test
    void badInputsGiveTypedErrorsThatNameTheProblem() {
        Clip oneFrame = QualityMetricsTest.flat(10, 20, 30, 32, 1);
        Clip small = QualityMetricsTest.flat(10, 20, 30, 32, 4);
        Clip large = QualityMetricsTest.flat(10, 20, 30, 64, 4);
        Clip shorter = QualityMetricsTest.flat(10, 20, 30, 32, 3);

        assertProblem(() -> QualityMetrics.temporalFlicker(oneFrame), Problem.TOO_FEW_FRAMES, "at least 2 frames");
        assertProblem(() -> QualityMetrics.motionSmoothness(QualityMetricsTest.flat(1, 2, 3, 32, 2)),
                Problem.TOO_FEW_FRAMES, "at least 3 frames");
        assertProblem(() -> QualityMetrics.warpingError(oneFrame), Problem.TOO_FEW_FRAMES, "warping error");
        assertProblem(() -> ControlExtractor.flow(oneFrame), Problem.TOO_FEW_FRAMES, "flow extraction");
        assertProblem(() -> ControlAdherence.edgeF1(small, large, 1.5), Problem.SIZE_MISMATCH, "32x32", "64x64");
        assertProblem(() -> ControlAdherence.edgeAdherence(small, shorter), Problem.FRAME_COUNT_MISMATCH, "4 frames",
                "3");
        assertProblem(() -> ControlAdherence.edgeF1(small, small, -1), Problem.BAD_ARGUMENT, "tolerance");
        assertProblem(() -> ControlAdherence.depthCorrelation(small, small), Problem.EMPTY, "flat");
        assertProblem(() -> ControlAdherence.depthCorrelation(small, List.of(new float[32 * 32])),
                Problem.FRAME_COUNT_MISMATCH, "4 frames");
        assertProblem(() -> ControlAdherence.poseKeypointError(List.of(), List.of()), Problem.EMPTY, "at least one");
        assertProblem(() -> ControlAdherence.poseKeypointError(List.of(new float[51]), List.of(new float[34])),
                Problem.SIZE_MISMATCH, "expected 51");
        assertProblem(() -> ControlAdherence.poseKeypointError(List.of(new float[51]), List.of(new float[51])),
                Problem.EMPTY, "no keypoint is visible");
        assertProblem(() -> OpticalFlow.between(small, 0, 9), Problem.BAD_ARGUMENT, "frame 9");
        assertProblem(() -> new FlowField(4, 4, new float[10]), Problem.SIZE_MISMATCH, "4x4");
    }

    private static void assertProblem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Problem problem,
                                      String... messageParts) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VisionException.class,
                e -> assertThat(e.problem()).isEqualTo(problem)).hasMessageContainingAll(messageParts);
    }

    private static Clip draw(PrevisShots shots, ControlKind kind) {
        List<byte[]> frames = new ArrayList<>();
        for (ShotFrame frame : shots.frames()) {
            frames.add(kind.draw(frame, shots.clip().width(), shots.clip().height()));
        }
        return Clip.of(frames, shots.clip().width(), shots.clip().height(), shots.clip().fps());
    }
}
