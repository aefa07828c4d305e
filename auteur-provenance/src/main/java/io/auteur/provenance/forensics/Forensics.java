package io.auteur.provenance.forensics;

import io.auteur.media.Clip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Pixel forensics: statistics that tend to separate rendered or generated video from camera footage (the spectrum
 * of the luma and the temporal behaviour of its fine noise), combined by a logistic score calibrated on what the
 * project has. It is supporting evidence only: a score never decides a verification verdict, and every score is
 * reported with the rates measured at calibration (see {@link #CALIBRATION}) and their limits.
 */
public final class Forensics {
    /** Frames pooled at most; spread evenly over the clip. */
    static final int MAX_FRAMES = 16;
    /** The smallest picture side analysed: one spectral tile. */
    public static final int MIN_SIDE = 64;
    private static final int BLOCK = 8;

    /**
     * The logistic model, fitted by {@code io.auteur.bench.ForensicsCalibration} (features standardised with these
     * means and scales, then weighted). Re-run that program and paste its output here when the features change.
     */
    static final double[] MEAN = {-3.336, -2.322, 0.555, -0.548};
    static final double[] SCALE = {0.664, 0.527, 0.376, 0.509};
    static final double[] WEIGHTS = {-0.146, -0.376, 1.641, -0.993};
    static final double BIAS = 0.736;

    /** What the score was measured on at calibration (leave-one-out rates), stated beside every score. */
    public static final Calibration CALIBRATION = new Calibration(20, 20, 12, 0,
            "generated-style: 16 previs renders (8 prompts, H.264 at CRF 18 and 28) and 4 outputs of the untrained "
                    + "toy model; camera: 12 windows (halves, crops, half size, CRF 28) of one 2-second phone clip; "
                    + "leave-one-out",
            "the camera sample is a single scene, the generated sample holds no output of a trained model, and the "
                    + "windows are not independent: these rates say the statistics separate what we have, not how "
                    + "they fare on the world's videos. Heavy denoising, screen recordings and slideshows of stills repeat "
                    + "fine detail from frame to frame as renders do and would lean 'generated'; a trained model with "
                    + "realistic grain may lean 'camera'.");

    /**
     * Rates measured when the model was fitted: true positives on generated-style clips, false positives on camera
     * footage, at a score of 0.5.
     *
     * @param sample what the clips were
     * @param limits what the numbers do not show
     */
    public record Calibration(int generatedClips, int generatedFlagged, int cameraClips, int cameraFlagged,
                              String sample, String limits) {
        public double truePositiveRate() {
            return generatedClips == 0 ? Double.NaN : generatedFlagged / (double) generatedClips;
        }

        public double falsePositiveRate() {
            return cameraClips == 0 ? Double.NaN : cameraFlagged / (double) cameraClips;
        }

        /** One sentence with the counts, for reports. */
        public String summary() {
            return String.format(Locale.ROOT, "measured at calibration: flagged %d of %d generated-style clips "
                            + "(TPR %.0f%%) and %d of %d camera clips (FPR %.0f%%); %s", generatedFlagged, generatedClips,
                    100 * truePositiveRate(), cameraFlagged, cameraClips, 100 * falsePositiveRate(), sample);
        }
    }

    private Forensics() {}

    /**
     * The score of a clip: empty when the clip is too small ({@value #MIN_SIDE} pixels a side) or a still (the
     * model is calibrated on video only; {@link #measure} still gives a still's spectral statistics).
     */
    public static Optional<ForensicScore> score(Clip clip) {
        if (clip.width() < MIN_SIDE || clip.height() < MIN_SIDE || clip.frameCount() < 2) {
            return Optional.empty();
        }
        ForensicFeatures features = measure(clip);
        double probability = probabilityGenerated(features.vector());
        return Optional.of(new ForensicScore(features, probability, probability >= 0.5, CALIBRATION));
    }

    /** The logistic model on a feature vector. */
    static double probabilityGenerated(double[] features) {
        double z = BIAS;
        for (int i = 0; i < features.length; i++) {
            z += WEIGHTS[i] * (features[i] - MEAN[i]) / SCALE[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** The statistics of a clip at least {@value #MIN_SIDE} pixels a side. */
    public static ForensicFeatures measure(Clip clip) {
        int width = clip.width(), height = clip.height();
        if (width < MIN_SIDE || height < MIN_SIDE) {
            throw new IllegalArgumentException("forensics needs at least " + MIN_SIDE + "x" + MIN_SIDE
                    + " pixels, the clip is " + width + "x" + height);
        }
        int tile = Math.min(width, height) >= 128 ? 128 : 64;
        int[] picked = spread(clip.frameCount(), MAX_FRAMES);
        double[] spectrum = new double[tile / 2 + 1];
        List<Double> floors = new ArrayList<>();
        double correlationSum = 0;
        int pairs = 0;
        for (int t : picked) {
            double[] luma = luma(clip, t);
            addSpectrum(luma, width, height, tile, spectrum);
            double[] residual = residual(luma, width, height);
            floors.add(noiseFloor(residual, width, height));
            if (t + 1 < clip.frameCount()) {
                correlationSum += correlation(residual, residual(luma(clip, t + 1), width, height), width, height);
                pairs++;
            }
        }
        double slope = spectralSlope(spectrum, tile);
        double high = 0, all = 0;
        for (int r = 1; r < spectrum.length; r++) {
            double frequency = r / (double) tile;
            if (frequency >= 0.02) {
                all += spectrum[r];
                if (frequency >= 0.25) {
                    high += spectrum[r];
                }
            }
        }
        double floor = floors.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return new ForensicFeatures(slope, Math.log10(Math.max(high, 1e-12) / Math.max(all, 1e-12)),
                pairs == 0 ? Double.NaN : correlationSum / pairs, Math.log10(floor + 0.05), picked.length);
    }

    /** Up to {@code count} frame indexes spread evenly over {@code frames}, each leaving room for its successor. */
    static int[] spread(int frames, int count) {
        int usable = Math.max(1, frames - 1);
        int n = Math.min(count, usable);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) ((long) i * usable / n);
        }
        return out;
    }

    private static double[] luma(Clip clip, int t) {
        byte[] rgb = clip.frameRgb(t);
        double[] y = new double[clip.width() * clip.height()];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.299 * (rgb[3 * i] & 0xFF) + 0.587 * (rgb[3 * i + 1] & 0xFF) + 0.114 * (rgb[3 * i + 2] & 0xFF);
        }
        return y;
    }

    /** Radially averaged power of Hann-windowed tiles on a 3x3 grid over the picture (fewer when it is small). */
    private static void addSpectrum(double[] luma, int width, int height, int tile, double[] spectrum) {
        double[] window = new double[tile];
        for (int i = 0; i < tile; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / tile);
        }
        int[] xs = grid(width, tile), ys = grid(height, tile);
        double[] re = new double[tile * tile], im = new double[tile * tile];
        double[] power = new double[spectrum.length];
        int[] counts = new int[spectrum.length];
        for (int y0 : ys) {
            for (int x0 : xs) {
                double mean = 0;
                for (int y = 0; y < tile; y++) {
                    for (int x = 0; x < tile; x++) {
                        mean += luma[(y0 + y) * width + x0 + x];
                    }
                }
                mean /= tile * tile;
                for (int y = 0; y < tile; y++) {
                    for (int x = 0; x < tile; x++) {
                        re[y * tile + x] = (luma[(y0 + y) * width + x0 + x] - mean) * window[x] * window[y];
                        im[y * tile + x] = 0;
                    }
                }
                fft2(re, im, tile);
                Arrays.fill(power, 0);
                Arrays.fill(counts, 0);
                for (int v = 0; v < tile; v++) {
                    int fy = v <= tile / 2 ? v : v - tile;
                    for (int u = 0; u < tile; u++) {
                        int fx = u <= tile / 2 ? u : u - tile;
                        int r = (int) Math.round(Math.sqrt(fx * fx + fy * fy));
                        if (r < spectrum.length) {
                            int i = v * tile + u;
                            power[r] += re[i] * re[i] + im[i] * im[i];
                            counts[r]++;
                        }
                    }
                }
                for (int r = 0; r < spectrum.length; r++) {
                    spectrum[r] += counts[r] == 0 ? 0 : power[r] / counts[r];
                }
            }
        }
    }

    private static int[] grid(int size, int tile) {
        int n = Math.min(3, size / tile);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = n == 1 ? (size - tile) / 2 : (int) ((long) i * (size - tile) / (n - 1));
        }
        return out;
    }

    /** Least-squares slope of log10 power against log10 frequency between 0.04 and 0.4 cycles per pixel. */
    private static double spectralSlope(double[] spectrum, int tile) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int r = 1; r < spectrum.length; r++) {
            double frequency = r / (double) tile;
            if (frequency < 0.04 || frequency > 0.4) {
                continue;
            }
            double x = Math.log10(frequency), y = Math.log10(Math.max(spectrum[r], 1e-12));
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            n++;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /** The luma minus its 3x3 box blur: fine detail and noise. */
    private static double[] residual(double[] luma, int width, int height) {
        double[] out = new double[luma.length];
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                double sum = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    int row = (y + dy) * width + x;
                    sum += luma[row - 1] + luma[row] + luma[row + 1];
                }
                out[y * width + x] = luma[y * width + x] - sum / 9;
            }
        }
        return out;
    }

    /** The 10th percentile of the residual's standard deviation over 8x8 blocks. */
    private static double noiseFloor(double[] residual, int width, int height) {
        List<Double> deviations = new ArrayList<>();
        for (int y0 = 1; y0 + BLOCK < height; y0 += BLOCK) {
            for (int x0 = 1; x0 + BLOCK < width; x0 += BLOCK) {
                double sum = 0, squares = 0;
                for (int y = y0; y < y0 + BLOCK; y++) {
                    for (int x = x0; x < x0 + BLOCK; x++) {
                        double v = residual[y * width + x];
                        sum += v;
                        squares += v * v;
                    }
                }
                int n = BLOCK * BLOCK;
                deviations.add(Math.sqrt(Math.max(0, squares / n - (sum / n) * (sum / n))));
            }
        }
        double[] sorted = deviations.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[sorted.length / 10];
    }

    private static double correlation(double[] a, double[] b, int width, int height) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        int n = 0;
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                double u = a[y * width + x], v = b[y * width + x];
                sa += u;
                sb += v;
                saa += u * u;
                sbb += v * v;
                sab += u * v;
                n++;
            }
        }
        double covariance = sab / n - (sa / n) * (sb / n);
        double variance = Math.sqrt(Math.max(0, saa / n - (sa / n) * (sa / n)) * Math.max(0, sbb / n - (sb / n) * (sb / n)));
        // Two identical flat frames have no residual at all: as repetitive as a render can be.
        return variance < 1e-9 ? 1 : covariance / variance;
    }

    /** In-place 2D FFT of a square power-of-two array: rows, then columns. */
    private static void fft2(double[] re, double[] im, int n) {
        double[] rowRe = new double[n], rowIm = new double[n];
        for (int y = 0; y < n; y++) {
            System.arraycopy(re, y * n, rowRe, 0, n);
            System.arraycopy(im, y * n, rowIm, 0, n);
            fft(rowRe, rowIm);
            System.arraycopy(rowRe, 0, re, y * n, n);
            System.arraycopy(rowIm, 0, im, y * n, n);
        }
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                rowRe[y] = re[y * n + x];
                rowIm[y] = im[y * n + x];
            }
            fft(rowRe, rowIm);
            for (int y = 0; y < n; y++) {
                re[y * n + x] = rowRe[y];
                im[y * n + x] = rowIm[y];
            }
        }
    }

    /** Iterative radix-2 Cooley-Tukey FFT. */
    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int length = 2; length <= n; length <<= 1) {
            double angle = -2 * Math.PI / length;
            double wRe = Math.cos(angle), wIm = Math.sin(angle);
            for (int start = 0; start < n; start += length) {
                double cRe = 1, cIm = 0;
                for (int k = 0; k < length / 2; k++) {
                    int a = start + k, b = a + length / 2;
                    double tRe = re[b] * cRe - im[b] * cIm, tIm = re[b] * cIm + im[b] * cRe;
                    re[b] = re[a] - tRe;
                    im[b] = im[a] - tIm;
                    re[a] += tRe;
                    im[a] += tIm;
                    double next = cRe * wRe - cIm * wIm;
                    cIm = cRe * wIm + cIm * wRe;
                    cRe = next;
                }
            }
        }
    }
}
