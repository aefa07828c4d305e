package io.auteur.vision.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import io.auteur.media.Clip;
import org.bytedeco.opencv.opencv_core.Mat;

/** Frame access shared by extraction and metrics: grey levels, float RGB, and OpenCV matrices. */
public final class Frames {
    private Frames() {}

    /** Luma of one frame, ITU-R BT.601 weights as OpenCV's RGB2GRAY uses them, one byte per pixel. */
    public static byte[] grey(Clip clip, int frame) {
        int w = clip.width(), h = clip.height();
        byte[] row = new byte[w * 3];
        byte[] grey = new byte[w * h];
        for (int y = 0; y < h; y++) {
            clip.copyRow(frame, y, row, 0);
            for (int x = 0; x < w; x++) {
                int r = row[3 * x] & 0xff, g = row[3 * x + 1] & 0xff, b = row[3 * x + 2] & 0xff;
                grey[y * w + x] = (byte) ((r * 4899 + g * 9617 + b * 1868 + 8192) >> 14);
            }
        }
        return grey;
    }

    /** One frame as floats 0..255, interleaved RGB. */
    public static float[] rgbFloats(Clip clip, int frame) {
        int w = clip.width(), h = clip.height();
        byte[] row = new byte[w * 3];
        float[] out = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            clip.copyRow(frame, y, row, 0);
            for (int i = 0; i < w * 3; i++) {
                out[y * w * 3 + i] = row[i] & 0xff;
            }
        }
        return out;
    }

    /** A new single-channel 8-bit matrix holding a copy of {@code grey}; the caller closes it. */
    public static Mat greyMat(byte[] grey, int width, int height) {
        Mat mat = new Mat(height, width, CV_8UC1);
        mat.data().put(grey, 0, grey.length);
        return mat;
    }

    /** The bytes of a continuous 8-bit single-channel matrix. */
    public static byte[] bytes(Mat mat) {
        if (!mat.isContinuous()) {
            throw new IllegalStateException("OpenCV returned a non-continuous matrix");
        }
        byte[] out = new byte[mat.rows() * mat.cols() * mat.channels()];
        mat.data().get(out);
        return out;
    }

    /** Grey bytes as an RGB frame with the value in all three channels (white-on-black controls). */
    public static byte[] greyToRgb(byte[] grey) {
        byte[] rgb = new byte[grey.length * 3];
        for (int i = 0; i < grey.length; i++) {
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey[i];
        }
        return rgb;
    }

    /**
     * Bilinear sample of an interleaved image with {@code channels} channels at (x, y), into {@code out};
     * coordinates are clamped to the picture (border replication, as OpenCV's BORDER_REPLICATE).
     */
    public static void sampleBilinear(float[] image, int width, int height, int channels, double x, double y,
                                      float[] out) {
        double cx = Math.max(0, Math.min(width - 1, x));
        double cy = Math.max(0, Math.min(height - 1, y));
        int x0 = (int) cx, y0 = (int) cy;
        int x1 = Math.min(width - 1, x0 + 1), y1 = Math.min(height - 1, y0 + 1);
        double fx = cx - x0, fy = cy - y0;
        int p00 = (y0 * width + x0) * channels, p10 = (y0 * width + x1) * channels;
        int p01 = (y1 * width + x0) * channels, p11 = (y1 * width + x1) * channels;
        for (int c = 0; c < channels; c++) {
            double top = image[p00 + c] + fx * (image[p10 + c] - image[p00 + c]);
            double bottom = image[p01 + c] + fx * (image[p11 + c] - image[p01 + c]);
            out[c] = (float) (top + fy * (bottom - top));
        }
    }
}
