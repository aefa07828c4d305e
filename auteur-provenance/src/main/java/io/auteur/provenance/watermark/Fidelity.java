package io.auteur.provenance.watermark;

import io.auteur.media.Clip;

/** How far a marked clip is from its original: PSNR over RGB and SSIM over luma, averaged over frames. */
public final class Fidelity {
    private Fidelity() {}

    /** Peak signal-to-noise ratio in dB over all RGB samples of all frames (infinite when identical). */
    public static double psnr(Clip original, Clip marked) {
        requireSameShape(original, marked);
        double squaredError = 0;
        long samples = 0;
        for (int t = 0; t < original.frameCount(); t++) {
            squaredError += squaredError(original.frameRgb(t), marked.frameRgb(t));
            samples += original.frameRgb(t).length;
        }
        return squaredError == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 * samples / squaredError);
    }

    /** Sum of squared differences of two equally long byte arrays (samples 0-255). */
    static long squaredError(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            sum += d * d;
        }
        return sum;
    }

    /** SSIM of one RGB frame pair, over luma (see {@link #ssim(Clip, Clip)}). */
    static double frameSsim(byte[] originalRgb, byte[] markedRgb, int width, int height) {
        return frameSsim(luma(originalRgb), luma(markedRgb), width, height);
    }

    /**
     * Mean structural similarity of the luma (Wang et al. 2004, the usual constants K1 = 0.01, K2 = 0.03) over 8x8
     * windows with stride 4, averaged over frames.
     */
    public static double ssim(Clip original, Clip marked) {
        requireSameShape(original, marked);
        double total = 0;
        for (int t = 0; t < original.frameCount(); t++) {
            total += frameSsim(original.frameRgb(t), marked.frameRgb(t), original.width(), original.height());
        }
        return total / original.frameCount();
    }

    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);

    /**
     * One frame's mean SSIM. The 8x8 windows at stride 4 are each four 4x4 blocks, so the five sums a window needs
     * are gathered once per block and every window adds four of them: one pass over the pixels instead of four
     * (the embedder measures sample frames with this while planning). Frames under 8 pixels a side use smaller windows.
     */
    static double frameSsim(float[] a, float[] b, int width, int height) {
        if (width < 8 || height < 8) {
            int window = Math.min(width, height);
            double sum = 0;
            int windows = 0;
            for (int y0 = 0; y0 + window <= height; y0 += 4) {
                for (int x0 = 0; x0 + window <= width; x0 += 4) {
                    sum += windowSsim(a, b, width, x0, y0, window);
                    windows++;
                }
            }
            return sum / windows;
        }
        int blocksX = width / 4;
        int blocksY = height / 4;
        double[][] sums = new double[5][blocksX * blocksY];   // a, b, a^2, b^2, ab
        for (int y = 0; y < blocksY * 4; y++) {
            int row = (y / 4) * blocksX;
            for (int x = 0; x < blocksX * 4; x++) {
                double va = a[y * width + x];
                double vb = b[y * width + x];
                int block = row + x / 4;
                sums[0][block] += va;
                sums[1][block] += vb;
                sums[2][block] += va * va;
                sums[3][block] += vb * vb;
                sums[4][block] += va * vb;
            }
        }
        double sum = 0;
        int windows = 0;
        int n = 64;
        for (int by = 0; by + 1 < blocksY; by++) {
            for (int bx = 0; bx + 1 < blocksX; bx++) {
                double[] w = new double[5];
                for (int k = 0; k < 5; k++) {
                    double[] s = sums[k];
                    int i = by * blocksX + bx;
                    w[k] = s[i] + s[i + 1] + s[i + blocksX] + s[i + blocksX + 1];
                }
                double ma = w[0] / n;
                double mb = w[1] / n;
                double va = (w[2] - n * ma * ma) / (n - 1);
                double vb = (w[3] - n * mb * mb) / (n - 1);
                double cov = (w[4] - n * ma * mb) / (n - 1);
                sum += ssim(ma, mb, va, vb, cov);
                windows++;
            }
        }
        return sum / windows;
    }

    /** SSIM of one window, summed directly. */
    static double windowSsim(float[] a, float[] b, int width, int x0, int y0, int window) {
        int n = window * window;
        double ma = 0, mb = 0;
        for (int y = y0; y < y0 + window; y++) {
            for (int x = x0; x < x0 + window; x++) {
                ma += a[y * width + x];
                mb += b[y * width + x];
            }
        }
        ma /= n;
        mb /= n;
        double va = 0, vb = 0, cov = 0;
        for (int y = y0; y < y0 + window; y++) {
            for (int x = x0; x < x0 + window; x++) {
                double da = a[y * width + x] - ma;
                double db = b[y * width + x] - mb;
                va += da * da;
                vb += db * db;
                cov += da * db;
            }
        }
        return ssim(ma, mb, va / (n - 1), vb / (n - 1), cov / (n - 1));
    }

    private static double ssim(double ma, double mb, double va, double vb, double cov) {
        return ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
    }

    private static float[] luma(byte[] rgb) {
        float[] out = new float[rgb.length / 3];
        for (int p = 0; p < out.length; p++) {
            out[p] = 0.299f * (rgb[3 * p] & 0xff) + 0.587f * (rgb[3 * p + 1] & 0xff) + 0.114f * (rgb[3 * p + 2] & 0xff);
        }
        return out;
    }

    private static void requireSameShape(Clip a, Clip b) {
        if (a.width() != b.width() || a.height() != b.height() || a.frameCount() != b.frameCount()) {
            throw new WatermarkException("cannot compare " + a + " with " + b + ": sizes or frame counts differ");
        }
    }
}
