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
            byte[] a = original.frameRgb(t);
            byte[] b = marked.frameRgb(t);
            for (int i = 0; i < a.length; i++) {
                int d = (a[i] & 0xff) - (b[i] & 0xff);
                squaredError += d * d;
            }
            samples += a.length;
        }
        return squaredError == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 * samples / squaredError);
    }

    /**
     * Mean structural similarity of the luma (Wang et al. 2004, the usual constants K1 = 0.01, K2 = 0.03) over 8x8
     * windows with stride 4, averaged over frames.
     */
    public static double ssim(Clip original, Clip marked) {
        requireSameShape(original, marked);
        int width = original.width();
        int height = original.height();
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        int window = Math.min(8, Math.min(width, height));
        double total = 0;
        for (int t = 0; t < original.frameCount(); t++) {
            float[] a = luma(original.frameRgb(t));
            float[] b = luma(marked.frameRgb(t));
            double sum = 0;
            int windows = 0;
            for (int y0 = 0; y0 + window <= height; y0 += 4) {
                for (int x0 = 0; x0 + window <= width; x0 += 4) {
                    double ma = 0, mb = 0, va = 0, vb = 0, cov = 0;
                    for (int y = y0; y < y0 + window; y++) {
                        for (int x = x0; x < x0 + window; x++) {
                            ma += a[y * width + x];
                            mb += b[y * width + x];
                        }
                    }
                    int n = window * window;
                    ma /= n;
                    mb /= n;
                    for (int y = y0; y < y0 + window; y++) {
                        for (int x = x0; x < x0 + window; x++) {
                            double da = a[y * width + x] - ma;
                            double db = b[y * width + x] - mb;
                            va += da * da;
                            vb += db * db;
                            cov += da * db;
                        }
                    }
                    va /= n - 1;
                    vb /= n - 1;
                    cov /= n - 1;
                    sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                    windows++;
                }
            }
            total += sum / windows;
        }
        return total / original.frameCount();
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
