package io.auteur.vision.internal;

import static org.bytedeco.opencv.global.opencv_imgproc.Canny;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Canny edges with thresholds set from the picture's median grey level: {@code (1 - SIGMA) * median} and
 * {@code (1 + SIGMA) * median} (the "automatic Canny" rule of thumb), so one setting serves bright and dark
 * footage. A floor keeps very dark pictures from turning sensor noise into edges.
 */
public final class CannyEdges {
    /** Spread of the thresholds around the median; 0.33 is the customary value. */
    static final double SIGMA = 0.33;
    /** Lowest hysteresis thresholds, in Sobel gradient units (L2 norm), whatever the median. */
    static final double MIN_LOW = 20, MIN_HIGH = 40;

    private CannyEdges() {}

    /** Edge map of a grey frame: 255 on edges, 0 elsewhere, one byte per pixel. */
    public static byte[] detect(byte[] grey, int width, int height) {
        int median = median(grey);
        double low = Math.max(MIN_LOW, (1 - SIGMA) * median);
        double high = Math.max(MIN_HIGH, Math.min(255, (1 + SIGMA) * median));
        try (Mat source = Frames.greyMat(grey, width, height);
             Mat blurred = new Mat();
             Mat edges = new Mat();
             Size kernel = new Size(3, 3)) {
            // A light blur first: compression blocks and sensor noise would otherwise pass as edges.
            GaussianBlur(source, blurred, kernel, 0);
            Canny(blurred, edges, low, high, 3, true);
            return Frames.bytes(edges);
        }
    }

    static int median(byte[] grey) {
        int[] histogram = new int[256];
        for (byte b : grey) {
            histogram[b & 0xff]++;
        }
        int half = (grey.length + 1) / 2, seen = 0;
        for (int level = 0; level < 256; level++) {
            seen += histogram[level];
            if (seen >= half) {
                return level;
            }
        }
        return 255;
    }
}
