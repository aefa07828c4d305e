package io.auteur.studio.eval;

import io.auteur.media.Clip;
import io.auteur.previs.NamedColour;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Physical plausibility of a falling or bouncing object: follow it by its colour, then fit its height over time
 * with free flights that share one gravity, split at the bounces, and with rest where it lies still. The RMS
 * residual of that fit (pixels) says how far the motion is from ballistic; previs renders give the floor.
 */
final class Ballistics {
    /** A pixel belongs to the object when its chroma points the object's way within this cosine... */
    private static final double MIN_CHROMA_COSINE = 0.95;
    /** ...and is strong enough not to be a grey surface. */
    private static final double MIN_CHROMA = 18;
    private static final int MIN_PIXELS = 3;
    /** A segment that moves less than this (pixels) is the object at rest. */
    private static final double REST_RANGE = 1.0;
    /** A bounce must lift the object at least this far (pixels) to count. */
    private static final double MIN_BOUNCE = 1.0;
    /** Bounces considered; each doubles the fits tried. */
    private static final int MAX_BOUNCES = 6;

    /**
     * @param rmsPixels residual of the ballistic fit, pixels
     * @param gravity   fitted downward acceleration, pixels per frame squared (positive when falling speeds up)
     * @param bounces   contacts found
     * @param tracked   frames where the object was found
     */
    record Fit(double rmsPixels, double gravity, int bounces, int tracked) {}

    private Ballistics() {}

    /** The image row of the object's centre in every frame, NaN where it was not found. */
    static double[] rows(Clip clip, NamedColour colour) {
        double[] target = unit(chroma(colour.srgb()));
        double[] rows = new double[clip.frameCount()];
        int w = clip.width(), h = clip.height();
        for (int t = 0; t < clip.frameCount(); t++) {
            byte[] rgb = clip.frameRgb(t);
            double sum = 0;
            int count = 0;
            for (int i = 0; i < w * h; i++) {
                double[] c = chroma(new int[] {rgb[i * 3] & 0xff, rgb[i * 3 + 1] & 0xff, rgb[i * 3 + 2] & 0xff});
                double norm = Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
                if (norm >= MIN_CHROMA && (c[0] * target[0] + c[1] * target[1] + c[2] * target[2]) / norm >= MIN_CHROMA_COSINE) {
                    sum += i / w;
                    count++;
                }
            }
            rows[t] = count >= MIN_PIXELS ? sum / count : Double.NaN;
        }
        return rows;
    }

    /** The colour minus its grey: its hue direction (whatever the shading) and, by its length, its strength. */
    private static double[] chroma(int[] rgb) {
        double mean = (rgb[0] + rgb[1] + rgb[2]) / 3.0;
        return new double[] {rgb[0] - mean, rgb[1] - mean, rgb[2] - mean};
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return n == 0 ? v : new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    /**
     * Fits rows (image y, growing downward) with shared-gravity flights between bounces, and rest. A bounce falls
     * between two frames, so the frame sampled nearest it is given to the flight before or after it, whichever
     * fits better.
     */
    static Fit fit(double[] rows) {
        int tracked = (int) Arrays.stream(rows).filter(Double::isFinite).count();
        if (tracked < 4) {
            return new Fit(Double.NaN, Double.NaN, 0, tracked);
        }
        List<Integer> contacts = contacts(rows);
        Fit best = null;
        for (int assignment = 0; assignment < 1 << contacts.size(); assignment++) {
            List<int[]> segments = new ArrayList<>();
            int start = 0;
            for (int k = 0; k < contacts.size(); k++) {
                boolean toPrevious = (assignment >> k & 1) == 0;
                int contact = contacts.get(k);
                segments.add(new int[] {start, toPrevious ? contact : contact - 1});
                start = toPrevious ? contact + 1 : contact;
            }
            segments.add(new int[] {start, rows.length - 1});
            Fit fit = fit(rows, segments, contacts.size(), tracked);
            if (best == null || fit.rmsPixels() < best.rmsPixels()) {
                best = fit;
            }
        }
        return best;
    }

    private static Fit fit(double[] rows, List<int[]> segments, int bounces, int tracked) {
        List<int[]> flights = new ArrayList<>();
        List<int[]> rests = new ArrayList<>();
        for (int[] segment : segments) {
            (range(rows, segment) < REST_RANGE ? rests : flights).add(segment);
        }
        // Unknowns: gravity a, then (b, c) per flight; y = c + b t + a t^2 on each flight.
        int n = 1 + 2 * flights.size();
        double[][] normal = new double[n][n];
        double[] rhs = new double[n];
        for (int f = 0; f < flights.size(); f++) {
            for (int t = flights.get(f)[0]; t <= flights.get(f)[1]; t++) {
                if (!Double.isFinite(rows[t])) {
                    continue;
                }
                double[] x = new double[n];
                x[0] = (double) t * t;
                x[1 + 2 * f] = t;
                x[2 + 2 * f] = 1;
                for (int i = 0; i < n; i++) {
                    rhs[i] += x[i] * rows[t];
                    for (int j = 0; j < n; j++) {
                        normal[i][j] += x[i] * x[j];
                    }
                }
            }
        }
        double[] solution = flights.isEmpty() ? new double[] {0} : solve(normal, rhs);
        double squared = 0;
        int counted = 0;
        for (int f = 0; f < flights.size(); f++) {
            for (int t = flights.get(f)[0]; t <= flights.get(f)[1]; t++) {
                if (Double.isFinite(rows[t])) {
                    double predicted = solution[0] * t * t + solution[1 + 2 * f] * t + solution[2 + 2 * f];
                    squared += (rows[t] - predicted) * (rows[t] - predicted);
                    counted++;
                }
            }
        }
        for (int[] rest : rests) {
            double mean = mean(rows, rest);
            for (int t = rest[0]; t <= rest[1]; t++) {
                if (Double.isFinite(rows[t])) {
                    squared += (rows[t] - mean) * (rows[t] - mean);
                    counted++;
                }
            }
        }
        return new Fit(Math.sqrt(squared / Math.max(1, counted)), solution[0], bounces, tracked);
    }

    /** Lowest points (largest row) that the object leaves again or rests at, at least three frames apart. */
    private static List<Integer> contacts(double[] rows) {
        List<Integer> contacts = new ArrayList<>();
        int last = 0;
        for (int t = 1; t < rows.length - 1; t++) {
            if (!Double.isFinite(rows[t]) || t - last < 3) {
                continue;
            }
            double before = Double.POSITIVE_INFINITY;
            for (int k = Math.max(0, t - 3); k < t; k++) {
                if (Double.isFinite(rows[k])) {
                    before = Math.min(before, rows[k]);
                }
            }
            boolean landed = rows[t] - before >= MIN_BOUNCE;
            boolean lowest = true;
            for (int k = Math.max(0, t - 2); k <= Math.min(rows.length - 1, t + 2); k++) {
                if (Double.isFinite(rows[k]) && rows[k] > rows[t]) {
                    lowest = false;
                }
            }
            if (landed && lowest && contacts.size() < MAX_BOUNCES) {
                contacts.add(t);
                last = t;
            }
        }
        return contacts;
    }

    private static double range(double[] rows, int[] segment) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (int t = segment[0]; t <= segment[1]; t++) {
            if (Double.isFinite(rows[t])) {
                min = Math.min(min, rows[t]);
                max = Math.max(max, rows[t]);
            }
        }
        return max >= min ? max - min : 0;
    }

    private static double mean(double[] rows, int[] segment) {
        double sum = 0;
        int count = 0;
        for (int t = segment[0]; t <= segment[1]; t++) {
            if (Double.isFinite(rows[t])) {
                sum += rows[t];
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    /** Gaussian elimination with partial pivoting; a tiny ridge keeps under-determined flights solvable. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = Arrays.copyOf(a[i], n + 1);
            m[i][i] += 1e-9;
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            for (int r = 0; r < n; r++) {
                if (r != col && m[col][col] != 0) {
                    double factor = m[r][col] / m[col][col];
                    for (int c = col; c <= n; c++) {
                        m[r][c] -= factor * m[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = m[i][i] == 0 ? 0 : m[i][n] / m[i][i];
        }
        return x;
    }
}
