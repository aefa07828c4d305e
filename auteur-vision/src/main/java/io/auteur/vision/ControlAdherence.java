package io.auteur.vision;

import io.auteur.media.Clip;
import io.auteur.vision.VisionException.Problem;
import io.auteur.vision.internal.Frames;
import java.util.List;
import java.util.Objects;

/**
 * How closely a generated clip follows the control it was given: edges, depth and pose. Controls are read in
 * previs's encodings: edges white on black, depth as inverse depth (near is bright), pose as COCO-17 keypoints.
 */
public final class ControlAdherence {
    /** Default edge matching distance: the 8 neighbours of a pixel (a one-pixel shift either way is a match). */
    public static final double DEFAULT_EDGE_TOLERANCE_PIXELS = 1.5;
    /** The most edge matching distance accepted; wider would reward edges anywhere near the control. */
    public static final double MAX_EDGE_TOLERANCE_PIXELS = 16;
    /** COCO-17: 17 keypoints of x, y, visibility. */
    public static final int KEYPOINT_VALUES = 17 * 3;

    private ControlAdherence() {}

    /**
     * Edge adherence of a generated clip: Canny edges of the clip ({@link ControlExtractor#edges}) against the
     * control edges, at the default tolerance.
     */
    public static EdgeScore edgeAdherence(Clip generated, Clip controlEdges) {
        Inputs.requireAligned(generated, "generated clip", controlEdges, "edge control");
        return edgeF1(ControlExtractor.edges(generated), controlEdges, DEFAULT_EDGE_TOLERANCE_PIXELS);
    }

    /**
     * Precision, recall and F1 of an edge clip against control edges. A pixel is an edge where its grey level
     * is above 127. An edge pixel matches when the other map has an edge within {@code tolerancePixels}
     * (Euclidean); matching is by distance, not one-to-one as in the BSDS benchmark, so a doubled edge next to
     * a single control edge counts twice.
     */
    public static EdgeScore edgeF1(Clip detectedEdges, Clip controlEdges, double tolerancePixels) {
        Inputs.requireAligned(detectedEdges, "detected edges", controlEdges, "edge control");
        if (!(tolerancePixels >= 0 && tolerancePixels <= MAX_EDGE_TOLERANCE_PIXELS)) {
            throw new VisionException(Problem.BAD_ARGUMENT, "edge tolerance must lie in [0, "
                    + MAX_EDGE_TOLERANCE_PIXELS + "] pixels, was " + tolerancePixels);
        }
        int w = detectedEdges.width(), h = detectedEdges.height();
        int[][] disc = disc(tolerancePixels);
        long detected = 0, control = 0, detectedMatched = 0, controlMatched = 0;
        for (int t = 0; t < detectedEdges.frameCount(); t++) {
            boolean[] a = binary(Frames.grey(detectedEdges, t));
            boolean[] b = binary(Frames.grey(controlEdges, t));
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    if (a[p]) {
                        detected++;
                        if (anyWithin(b, w, h, x, y, disc)) {
                            detectedMatched++;
                        }
                    }
                    if (b[p]) {
                        control++;
                        if (anyWithin(a, w, h, x, y, disc)) {
                            controlMatched++;
                        }
                    }
                }
            }
        }
        double precision = detected == 0 ? 1 : detectedMatched / (double) detected;
        double recall = control == 0 ? 1 : controlMatched / (double) control;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new EdgeScore(precision, recall, f1, detected, control, tolerancePixels);
    }

    /** Depth agreement between two depth clips (grey level, e.g. previs depth.mp4 and an estimator's output). */
    public static DepthAgreement depthCorrelation(Clip depthControl, Clip depthEstimate) {
        Inputs.requireAligned(depthControl, "depth control", depthEstimate, "depth estimate");
        int pixels = depthControl.width() * depthControl.height();
        Pearson pearson = new Pearson();
        for (int t = 0; t < depthControl.frameCount(); t++) {
            byte[] a = Frames.grey(depthControl, t), b = Frames.grey(depthEstimate, t);
            double[] x = new double[pixels], y = new double[pixels];
            for (int i = 0; i < pixels; i++) {
                x[i] = a[i] & 0xff;
                y[i] = b[i] & 0xff;
            }
            pearson.addFrame(x, y);
        }
        return pearson.result();
    }

    /**
     * Depth agreement between a depth control and a caller's depth estimate, one {@code width * height} array
     * a frame, row-major. The estimate may be in any units and scale, but must grow toward the camera as the
     * control does (disparity or inverse depth, as monocular estimators output; negate metric depth first).
     * Non-finite estimate values (no estimate there) are left out.
     */
    public static DepthAgreement depthCorrelation(Clip depthControl, List<float[]> depthEstimate) {
        Objects.requireNonNull(depthControl, "depthControl");
        Objects.requireNonNull(depthEstimate, "depthEstimate");
        if (depthEstimate.size() != depthControl.frameCount()) {
            throw new VisionException(Problem.FRAME_COUNT_MISMATCH, "depth control has " + depthControl.frameCount()
                    + " frames but the estimate has " + depthEstimate.size());
        }
        int pixels = depthControl.width() * depthControl.height();
        Pearson pearson = new Pearson();
        for (int t = 0; t < depthEstimate.size(); t++) {
            float[] estimate = depthEstimate.get(t);
            if (estimate == null || estimate.length != pixels) {
                throw new VisionException(Problem.SIZE_MISMATCH, "depth estimate frame " + t + " holds "
                        + (estimate == null ? "nothing" : estimate.length + " values") + ", expected " + pixels
                        + " for " + depthControl.width() + "x" + depthControl.height());
            }
            byte[] a = Frames.grey(depthControl, t);
            double[] x = new double[pixels], y = new double[pixels];
            int n = 0;
            for (int i = 0; i < pixels; i++) {
                if (Float.isFinite(estimate[i])) {
                    x[n] = a[i] & 0xff;
                    y[n] = estimate[i];
                    n++;
                }
            }
            pearson.addFrame(java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n));
        }
        return pearson.result();
    }

    /**
     * Mean pixel distance between estimated and reference COCO-17 keypoints, one array of 17 x (x, y, visibility)
     * a frame (previs's pose.json layout; visibility 0 out of view, 1 hidden, 2 visible). Only keypoints visible
     * in the reference are scored; those the estimate lacks (visibility 0) are counted as missed.
     */
    public static PoseError poseKeypointError(List<float[]> reference, List<float[]> estimate) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(estimate, "estimate");
        if (reference.isEmpty()) {
            throw new VisionException(Problem.EMPTY, "pose keypoint error needs at least one frame of keypoints");
        }
        if (reference.size() != estimate.size()) {
            throw new VisionException(Problem.FRAME_COUNT_MISMATCH, "reference pose has " + reference.size()
                    + " frames but the estimate has " + estimate.size());
        }
        double total = 0;
        int compared = 0, missed = 0;
        for (int t = 0; t < reference.size(); t++) {
            float[] r = reference.get(t), e = estimate.get(t);
            requireKeypoints(r, "reference", t);
            requireKeypoints(e, "estimate", t);
            for (int k = 0; k < 17; k++) {
                if (r[3 * k + 2] != 2) {
                    continue;
                }
                if (e[3 * k + 2] > 0) {
                    total += Math.hypot(r[3 * k] - e[3 * k], r[3 * k + 1] - e[3 * k + 1]);
                    compared++;
                } else {
                    missed++;
                }
            }
        }
        if (compared + missed == 0) {
            throw new VisionException(Problem.EMPTY, "no keypoint is visible in the reference pose of "
                    + reference.size() + " frames: nothing to compare");
        }
        return new PoseError(compared == 0 ? Double.NaN : total / compared, compared, missed);
    }

    private static void requireKeypoints(float[] keypoints, String name, int frame) {
        if (keypoints == null || keypoints.length != KEYPOINT_VALUES) {
            throw new VisionException(Problem.SIZE_MISMATCH, name + " pose frame " + frame + " holds "
                    + (keypoints == null ? "nothing" : keypoints.length + " values") + ", expected " + KEYPOINT_VALUES
                    + " (17 COCO keypoints of x, y, visibility)");
        }
    }

    private static boolean[] binary(byte[] grey) {
        boolean[] out = new boolean[grey.length];
        for (int i = 0; i < grey.length; i++) {
            out[i] = (grey[i] & 0xff) > 127;
        }
        return out;
    }

    /** Offsets (dx, dy) within a Euclidean distance, nearest first so a match is found early. */
    private static int[][] disc(double radius) {
        int r = (int) Math.floor(radius);
        java.util.List<int[]> offsets = new java.util.ArrayList<>();
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                if (dx * dx + dy * dy <= radius * radius) {
                    offsets.add(new int[] {dx, dy});
                }
            }
        }
        offsets.sort(java.util.Comparator.comparingInt(o -> o[0] * o[0] + o[1] * o[1]));
        return offsets.toArray(new int[0][]);
    }

    private static boolean anyWithin(boolean[] map, int w, int h, int x, int y, int[][] disc) {
        for (int[] o : disc) {
            int u = x + o[0], v = y + o[1];
            if (u >= 0 && v >= 0 && u < w && v < h && map[v * w + u]) {
                return true;
            }
        }
        return false;
    }

    /** Per-frame Pearson correlations, collected. */
    private static final class Pearson {
        private double sum;
        private double minimum = 1;
        private int compared;
        private int skipped;

        void addFrame(double[] x, double[] y) {
            int n = x.length;
            double mx = 0, my = 0;
            for (int i = 0; i < n; i++) {
                mx += x[i];
                my += y[i];
            }
            if (n < 2) {
                skipped++;
                return;
            }
            mx /= n;
            my /= n;
            double sxy = 0, sxx = 0, syy = 0;
            for (int i = 0; i < n; i++) {
                double dx = x[i] - mx, dy = y[i] - my;
                sxy += dx * dy;
                sxx += dx * dx;
                syy += dy * dy;
            }
            if (sxx <= 0 || syy <= 0) {
                skipped++;
                return;
            }
            double r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
            sum += r;
            minimum = Math.min(minimum, r);
            compared++;
        }

        DepthAgreement result() {
            if (compared == 0) {
                throw new VisionException(Problem.EMPTY, "depth correlation is undefined: in all " + skipped
                        + " frames the control or the estimate is flat (one grey level)");
            }
            return new DepthAgreement(sum / compared, minimum, compared, skipped);
        }
    }
}
