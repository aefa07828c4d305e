package io.auteur.bench;

import io.auteur.media.Clip;
import java.util.ArrayList;
import java.util.List;

/**
 * The classical per-frame image watermark used as the baseline: DWT-DCT with quantisation index modulation, as in
 * the widely used {@code invisible-watermark} package's {@code dwtDct} method. Per frame: one-level Haar DWT of the
 * luma, 4x4 DCT blocks of the LL band, and in each block the largest AC coefficient quantised so that its
 * magnitude modulo {@link #STEP} encodes one bit (payload bits repeat over the blocks). Detection reads every block,
 * votes per bit over blocks and frames. It has no key and no synchronisation: it is what a per-frame image mark does
 * to a video.
 */
final class DwtDctBaseline {
    /**
     * Quantisation step in the LL-band DCT domain: 36, invisible-watermark's default scale, which also puts the
     * baseline at about the PSNR of Auteur's mark on the footage (about 43 dB), so the robustness columns compare
     * marks of similar strength.
     */
    static final double STEP = 36;

    record Result(long payload, double[] ones) {}

    private DwtDctBaseline() {}

    static Clip embed(Clip clip, long payload) {
        List<byte[]> out = new ArrayList<>();
        for (int t = 0; t < clip.frameCount(); t++) {
            out.add(embedFrame(clip.frameRgb(t), clip.width(), clip.height(), payload));
        }
        return Clip.of(out, clip.width(), clip.height(), clip.fps());
    }

    static Result detect(Clip clip) {
        double[] ones = new double[64];
        double[] votes = new double[64];
        for (int t = 0; t < clip.frameCount(); t++) {
            int width = clip.width(), height = clip.height();
            float[] ll = lowBand(luma(clip.frameRgb(t)), width, height);
            int lw = width / 2, blocksX = lw / 4, blocksY = height / 2 / 4;
            float[] block = new float[16];
            for (int b = 0; b < blocksX * blocksY; b++) {
                read(ll, lw, b % blocksX, b / blocksX, block);
                float[] coefficients = dct4(block);
                int k = strongestAc(coefficients);
                double remainder = Math.abs(coefficients[k]) % STEP;
                ones[b % 64] += remainder > 0.5 * STEP ? 1 : 0;
                votes[b % 64]++;
            }
        }
        long bits = 0;
        for (int i = 0; i < 64; i++) {
            ones[i] = votes[i] == 0 ? 0.5 : ones[i] / votes[i];
            bits = (bits << 1) | (ones[i] > 0.5 ? 1 : 0);
        }
        return new Result(bits, ones);
    }

    private static byte[] embedFrame(byte[] rgb, int width, int height, long payload) {
        float[] y = luma(rgb);
        float[] ll = lowBand(y, width, height);
        float[] changed = ll.clone();
        int lw = width / 2, blocksX = lw / 4, blocksY = height / 2 / 4;
        float[] block = new float[16];
        for (int b = 0; b < blocksX * blocksY; b++) {
            int bx = b % blocksX, by = b / blocksX;
            read(ll, lw, bx, by, block);
            float[] coefficients = dct4(block);
            int k = strongestAc(coefficients);
            int bit = (int) ((payload >>> (63 - b % 64)) & 1);
            double value = Math.abs(coefficients[k]);
            double marked = (Math.floor(value / STEP) + 0.25 + 0.5 * bit) * STEP;
            coefficients[k] = (float) Math.copySign(marked, coefficients[k]);
            float[] spatial = idct4(coefficients);
            for (int j = 0; j < 4; j++) {
                for (int i = 0; i < 4; i++) {
                    changed[(by * 4 + j) * lw + bx * 4 + i] = spatial[j * 4 + i];
                }
            }
        }
        byte[] out = rgb.clone();
        // Inverse orthonormal Haar with unchanged detail bands: each LL change d spreads as d/2 to its 4 pixels.
        for (int j = 0; j < height / 2; j++) {
            for (int i = 0; i < lw; i++) {
                float d = (changed[j * lw + i] - ll[j * lw + i]) / 2;
                int delta = Math.round(d);
                if (delta == 0) {
                    continue;
                }
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int p = 3 * ((2 * j + dy) * width + 2 * i + dx);
                        for (int c = 0; c < 3; c++) {
                            out[p + c] = (byte) Math.max(0, Math.min(255, (out[p + c] & 0xff) + delta));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static float[] luma(byte[] rgb) {
        float[] y = new float[rgb.length / 3];
        for (int p = 0; p < y.length; p++) {
            y[p] = 0.299f * (rgb[3 * p] & 0xff) + 0.587f * (rgb[3 * p + 1] & 0xff) + 0.114f * (rgb[3 * p + 2] & 0xff);
        }
        return y;
    }

    private static float[] lowBand(float[] y, int width, int height) {
        int lw = width / 2, lh = height / 2;
        float[] ll = new float[lw * lh];
        for (int j = 0; j < lh; j++) {
            for (int i = 0; i < lw; i++) {
                int p = 2 * j * width + 2 * i;
                ll[j * lw + i] = (y[p] + y[p + 1] + y[p + width] + y[p + width + 1]) / 2;
            }
        }
        return ll;
    }

    private static void read(float[] ll, int lw, int bx, int by, float[] block) {
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 4; i++) {
                block[j * 4 + i] = ll[(by * 4 + j) * lw + bx * 4 + i];
            }
        }
    }

    private static int strongestAc(float[] coefficients) {
        int best = 1;
        for (int k = 2; k < 16; k++) {
            if (Math.abs(coefficients[k]) > Math.abs(coefficients[best])) {
                best = k;
            }
        }
        return best;
    }

    private static final float[] C = new float[16];

    static {
        for (int f = 0; f < 4; f++) {
            for (int x = 0; x < 4; x++) {
                C[f * 4 + x] = (float) ((f == 0 ? Math.sqrt(0.25) : Math.sqrt(0.5)) * Math.cos(Math.PI * (2 * x + 1) * f / 8));
            }
        }
    }

    private static float[] dct4(float[] block) {
        float[] out = new float[16];
        for (int v = 0; v < 4; v++) {
            for (int u = 0; u < 4; u++) {
                float sum = 0;
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 4; x++) {
                        sum += C[v * 4 + y] * C[u * 4 + x] * block[y * 4 + x];
                    }
                }
                out[v * 4 + u] = sum;
            }
        }
        return out;
    }

    private static float[] idct4(float[] coefficients) {
        float[] out = new float[16];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                float sum = 0;
                for (int v = 0; v < 4; v++) {
                    for (int u = 0; u < 4; u++) {
                        sum += C[v * 4 + y] * C[u * 4 + x] * coefficients[v * 4 + u];
                    }
                }
                out[y * 4 + x] = sum;
            }
        }
        return out;
    }
}
