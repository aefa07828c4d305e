package io.auteur.vision;

import io.auteur.media.Clip;
import io.auteur.vision.internal.DisFlow;
import io.auteur.vision.internal.FrameDescriptor;
import io.auteur.vision.internal.Frames;
import java.util.ArrayList;
import java.util.List;

/**
 * Temporal quality measures on any clip, from pixels alone: no reference video, no learned network. Flow is
 * estimated with {@link OpticalFlow}'s estimator. Cost grows with pixels x frames; measure at the size the
 * clip was generated at (64 x 64 to 512 x 512 take milliseconds to seconds a clip).
 */
public final class QualityMetrics {
    /**
     * Forward-backward consistency test for occlusions (Sundaram, Brox and Keutzer, "Dense Point Trajectories by
     * GPU-accelerated Large Displacement Optical Flow", ECCV 2010): a pixel is trusted when
     * {@code |F + B|^2 < ALPHA (|F|^2 + |B|^2) + BETA}, with F the forward flow at the pixel and B the backward
     * flow where it lands.
     */
    static final double CONSISTENCY_ALPHA = 0.01, CONSISTENCY_BETA = 0.5;

    private QualityMetrics() {}

    /** Every measure of this class on one clip (at least 3 frames, which motion smoothness needs). */
    public static QualityReport measure(Clip clip) {
        Inputs.requireFrames(clip, 3, "the quality report (motion smoothness)");
        return new QualityReport(clip.frameCount(), temporalFlicker(clip), warpingError(clip), motionSmoothness(clip),
                subjectConsistency(clip));
    }

    /**
     * VBench's temporal flickering score: the mean absolute difference between consecutive frames over all
     * pixels and channels (8-bit levels), averaged over pairs, mapped to {@code (255 - difference) / 255}. 1 is a
     * frozen clip; it falls with flicker and also with real motion, which is why VBench applies it to prompts of
     * static scenes.
     */
    public static double temporalFlicker(Clip clip) {
        Inputs.requireFrames(clip, 2, "temporal flicker");
        int w = clip.width(), h = clip.height();
        byte[] previous = new byte[w * 3], current = new byte[w * 3];
        double sumOfPairMeans = 0;
        for (int t = 1; t < clip.frameCount(); t++) {
            long total = 0;
            for (int y = 0; y < h; y++) {
                clip.copyRow(t - 1, y, previous, 0);
                clip.copyRow(t, y, current, 0);
                for (int i = 0; i < previous.length; i++) {
                    total += Math.abs((previous[i] & 0xff) - (current[i] & 0xff));
                }
            }
            sumOfPairMeans += total / (3.0 * w * h);
        }
        double meanDifference = sumOfPairMeans / (clip.frameCount() - 1);
        return (255 - meanDifference) / 255;
    }

    /** See {@link WarpingError}: frame t + 1 pulled back along the flow t to t + 1, compared with frame t. */
    public static WarpingError warpingError(Clip clip) {
        Inputs.requireFrames(clip, 2, "warping error");
        int w = clip.width(), h = clip.height();
        double sumOfPairErrors = 0;
        int pairsWithPixels = 0;
        long valid = 0;
        float[] warped = new float[3], backward = new float[2];
        try (DisFlow dis = new DisFlow()) {
            byte[] greyNow = Frames.grey(clip, 0);
            float[] rgbNow = Frames.rgbFloats(clip, 0);
            for (int t = 0; t + 1 < clip.frameCount(); t++) {
                byte[] greyNext = Frames.grey(clip, t + 1);
                float[] rgbNext = Frames.rgbFloats(clip, t + 1);
                FlowField forward = dis.calc(greyNow, greyNext, w, h);
                FlowField back = dis.calc(greyNext, greyNow, w, h);
                double error = 0;
                long compared = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * w + x;
                        double fx = forward.dxdy()[2 * p], fy = forward.dxdy()[2 * p + 1];
                        double tx = x + fx, ty = y + fy;
                        if (tx < 0 || ty < 0 || tx > w - 1 || ty > h - 1) {
                            continue; // moved out of the picture: nothing to compare with
                        }
                        Frames.sampleBilinear(back.dxdy(), w, h, 2, tx, ty, backward);
                        if (!consistent(fx, fy, backward[0], backward[1])) {
                            continue; // occluded or unreliable
                        }
                        Frames.sampleBilinear(rgbNext, w, h, 3, tx, ty, warped);
                        for (int c = 0; c < 3; c++) {
                            double d = (rgbNow[3 * p + c] - warped[c]) / 255.0;
                            error += d * d;
                        }
                        compared++;
                    }
                }
                if (compared > 0) {
                    sumOfPairErrors += error / (3.0 * compared);
                    pairsWithPixels++;
                }
                valid += compared;
                greyNow = greyNext;
                rgbNow = rgbNext;
            }
        }
        int pairs = clip.frameCount() - 1;
        double mse = pairsWithPixels == 0 ? Double.NaN : sumOfPairErrors / pairsWithPixels;
        return new WarpingError(mse, valid / ((double) pairs * w * h), pairs);
    }

    static boolean consistent(double fx, double fy, double bx, double by) {
        double sx = fx + bx, sy = fy + by;
        return sx * sx + sy * sy < CONSISTENCY_ALPHA * (fx * fx + fy * fy + bx * bx + by * by) + CONSISTENCY_BETA;
    }

    /**
     * Motion smoothness in the manner of VBench, with optical flow in place of its learned frame interpolator:
     * each inner frame t is predicted from frames t - 1 and t + 1 by flow-based interpolation at the midpoint
     * (the linear intermediate-flow approximation of Jiang et al., "Super SloMo", CVPR 2018: from the midpoint,
     * the flow to t - 1 is {@code (B - F) / 4} and to t + 1 is {@code (F - B) / 4}, with F and B the flows
     * t - 1 to t + 1 and back), and the two pulled-back neighbours averaged. The score is
     * {@code (255 - mean absolute difference) / 255} between prediction and frame, averaged over inner frames:
     * 1 for motion that is steady over three frames, lower for jerky or jittering motion.
     */
    public static double motionSmoothness(Clip clip) {
        Inputs.requireFrames(clip, 3, "motion smoothness");
        int w = clip.width(), h = clip.height();
        float[] before = new float[3], after = new float[3];
        double sumOfScores = 0;
        try (DisFlow dis = new DisFlow()) {
            for (int t = 1; t + 1 < clip.frameCount(); t++) {
                byte[] greyBefore = Frames.grey(clip, t - 1), greyAfter = Frames.grey(clip, t + 1);
                float[] rgbBefore = Frames.rgbFloats(clip, t - 1), rgbAfter = Frames.rgbFloats(clip, t + 1);
                float[] rgbMiddle = Frames.rgbFloats(clip, t);
                float[] forward = dis.calc(greyBefore, greyAfter, w, h).dxdy();
                float[] backward = dis.calc(greyAfter, greyBefore, w, h).dxdy();
                double difference = 0;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int p = y * w + x;
                        double toBeforeX = (backward[2 * p] - forward[2 * p]) / 4;
                        double toBeforeY = (backward[2 * p + 1] - forward[2 * p + 1]) / 4;
                        Frames.sampleBilinear(rgbBefore, w, h, 3, x + toBeforeX, y + toBeforeY, before);
                        Frames.sampleBilinear(rgbAfter, w, h, 3, x - toBeforeX, y - toBeforeY, after);
                        for (int c = 0; c < 3; c++) {
                            double predicted = 0.5 * (before[c] + after[c]);
                            difference += Math.abs(predicted - rgbMiddle[3 * p + c]);
                        }
                    }
                }
                sumOfScores += (255 - difference / (3.0 * w * h)) / 255;
            }
        }
        return sumOfScores / (clip.frameCount() - 2);
    }

    /**
     * Subject consistency: the similarity of every frame to the first, by a colour histogram and a histogram
     * of oriented gradients (the descriptor is described in full in {@code internal.FrameDescriptor}). This
     * is not a learned feature: VBench compares DINO features, which recognise the same subject under new
     * lighting or pose; this descriptor sees colour and coarse shape only, so it drops when the subject changes
     * colour or shape, and also somewhat when a subject moves across a very different background.
     */
    public static SubjectConsistency subjectConsistency(Clip clip) {
        Inputs.requireFrames(clip, 2, "subject consistency");
        FrameDescriptor first = FrameDescriptor.of(clip, 0);
        List<Double> similarities = new ArrayList<>(clip.frameCount());
        similarities.add(1.0);
        double sum = 0, minimum = 1;
        for (int t = 1; t < clip.frameCount(); t++) {
            double similarity = first.similarity(FrameDescriptor.of(clip, t));
            similarities.add(similarity);
            sum += similarity;
            minimum = Math.min(minimum, similarity);
        }
        return new SubjectConsistency(sum / (clip.frameCount() - 1), minimum, similarities);
    }
}
