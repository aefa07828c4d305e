package io.auteur.vision.internal;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.auteur.media.Clip;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A hand-made appearance descriptor of one frame, for subject consistency. Not a learned feature (VBench uses
 * DINO): it sees colour and coarse shape, not identity, so it ranks "the subject changed colour or shape"
 * correctly but cannot tell two people in the same clothes apart.
 *
 * <ul>
 *   <li>colour: a 4 x 4 x 4 RGB histogram, as probabilities, square-rooted (the Hellinger embedding, so the
 *       dot product of two is the Bhattacharyya coefficient and lies in [0, 1]);</li>
 *   <li>shape: a histogram of oriented gradients of the frame shrunk to 32 x 32 (area averaging): 4 x 4 cells
 *       of 8 x 8 pixels, 9 unsigned orientation bins weighted by gradient magnitude, L2-normalised.</li>
 * </ul>
 * Similarity is the mean of the two parts' cosine similarities, which is the cosine of the two unit parts
 * concatenated with equal weight.
 */
public record FrameDescriptor(float[] colour, float[] gradients) {
    static final int COLOUR_LEVELS = 4;
    static final int SHRUNK = 32;
    static final int CELL = 8;
    static final int ORIENTATIONS = 9;

    public static FrameDescriptor of(Clip clip, int frame) {
        return new FrameDescriptor(colourHistogram(clip, frame), orientedGradients(clip, frame));
    }

    /** Cosine similarity in [0, 1] (all parts are non-negative). */
    public double similarity(FrameDescriptor other) {
        return 0.5 * cosine(colour, other.colour) + 0.5 * cosine(gradients, other.gradients);
    }

    /** Cosine of two unit-or-zero vectors; two flat (zero) gradient parts are alike, one flat and one not are not. */
    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return na == nb ? 1 : 0;
        }
        return Math.min(1, dot / Math.sqrt(na * nb));
    }

    private static float[] colourHistogram(Clip clip, int frame) {
        int w = clip.width(), h = clip.height();
        int bins = COLOUR_LEVELS * COLOUR_LEVELS * COLOUR_LEVELS;
        double[] counts = new double[bins];
        byte[] row = new byte[w * 3];
        for (int y = 0; y < h; y++) {
            clip.copyRow(frame, y, row, 0);
            for (int x = 0; x < w; x++) {
                int r = (row[3 * x] & 0xff) * COLOUR_LEVELS / 256;
                int g = (row[3 * x + 1] & 0xff) * COLOUR_LEVELS / 256;
                int b = (row[3 * x + 2] & 0xff) * COLOUR_LEVELS / 256;
                counts[(r * COLOUR_LEVELS + g) * COLOUR_LEVELS + b]++;
            }
        }
        float[] out = new float[bins];
        double total = (double) w * h;
        for (int i = 0; i < bins; i++) {
            out[i] = (float) Math.sqrt(counts[i] / total);
        }
        return out;
    }

    private static float[] orientedGradients(Clip clip, int frame) {
        byte[] grey = Frames.grey(clip, frame);
        byte[] small;
        try (Mat source = Frames.greyMat(grey, clip.width(), clip.height());
             Mat shrunk = new Mat();
             Size size = new Size(SHRUNK, SHRUNK)) {
            resize(source, shrunk, size, 0, 0, INTER_AREA);
            small = Frames.bytes(shrunk);
        }
        int cells = SHRUNK / CELL;
        float[] histogram = new float[cells * cells * ORIENTATIONS];
        for (int y = 0; y < SHRUNK; y++) {
            for (int x = 0; x < SHRUNK; x++) {
                int gx = level(small, Math.min(SHRUNK - 1, x + 1), y) - level(small, Math.max(0, x - 1), y);
                int gy = level(small, x, Math.min(SHRUNK - 1, y + 1)) - level(small, x, Math.max(0, y - 1));
                double magnitude = Math.hypot(gx, gy);
                if (magnitude == 0) {
                    continue;
                }
                double angle = Math.atan2(gy, gx);
                if (angle < 0) {
                    angle += Math.PI; // unsigned: a dark-to-light edge and a light-to-dark edge look alike
                }
                int bin = Math.min(ORIENTATIONS - 1, (int) (angle / Math.PI * ORIENTATIONS));
                histogram[((y / CELL) * cells + x / CELL) * ORIENTATIONS + bin] += (float) magnitude;
            }
        }
        double norm = 0;
        for (float v : histogram) {
            norm += v * v;
        }
        if (norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < histogram.length; i++) {
                histogram[i] *= scale;
            }
        }
        return histogram;
    }

    private static int level(byte[] image, int x, int y) {
        return image[y * SHRUNK + x] & 0xff;
    }
}
