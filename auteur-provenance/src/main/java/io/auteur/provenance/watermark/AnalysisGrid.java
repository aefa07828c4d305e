package io.auteur.provenance.watermark;

/**
 * How the detector sees a frame: luma averaged onto an accumulation grid of at most {@value #ACCUMULATOR} cells a
 * side, then, for a synchronisation hypothesis, resampled onto the fixed {@link Layout#GRID}-square analysis grid
 * and transformed. The embedder uses the same path to measure what the detector will see of each frame.
 */
final class AnalysisGrid {
    /** Finer than the analysis grid, so crop hypotheses can be resampled from it. */
    static final int ACCUMULATOR = 512;

    final int width;
    final int height;
    final int cellsX;
    final int cellsY;
    private final int[] columnCell;
    private final int[] rowCell;
    private final int[] count;

    AnalysisGrid(int width, int height) {
        this.width = width;
        this.height = height;
        cellsX = Math.min(ACCUMULATOR, width);
        cellsY = Math.min(ACCUMULATOR, height);
        columnCell = new int[width];
        rowCell = new int[height];
        for (int x = 0; x < width; x++) {
            columnCell[x] = (int) ((long) x * cellsX / width);
        }
        for (int y = 0; y < height; y++) {
            rowCell[y] = (int) ((long) y * cellsY / height);
        }
        count = new int[cellsX * cellsY];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                count[rowCell[y] * cellsX + columnCell[x]]++;
            }
        }
    }

    double[] newSum() {
        return new double[cellsX * cellsY];
    }

    /**
     * Adds 256 x the luma of each pixel plus {@code delta}, a luma change in grey levels; either may be null.
     */
    void add(byte[] rgb, float[] delta, double[] sum) {
        double[] rowSum = new double[cellsX];
        for (int y = 0; y < height; y++) {
            java.util.Arrays.fill(rowSum, 0);
            int i = 3 * y * width;
            int p = y * width;
            if (rgb == null) {
                for (int x = 0; x < width; x++, p++) {
                    rowSum[columnCell[x]] += 256f * delta[p];
                }
            } else if (delta == null) {
                for (int x = 0; x < width; x++, i += 3) {
                    rowSum[columnCell[x]] += 77 * (rgb[i] & 0xff) + 150 * (rgb[i + 1] & 0xff) + 29 * (rgb[i + 2] & 0xff);
                }
            } else {
                for (int x = 0; x < width; x++, i += 3, p++) {
                    rowSum[columnCell[x]] += 77 * (rgb[i] & 0xff) + 150 * (rgb[i + 1] & 0xff) + 29 * (rgb[i + 2] & 0xff)
                            + 256f * delta[p];
                }
            }
            int base = rowCell[y] * cellsX;
            for (int a = 0; a < cellsX; a++) {
                sum[base + a] += rowSum[a];
            }
        }
    }

    /** Mean luma per cell over {@code frames} frames, minus the overall mean (so cells outside a crop read zero). */
    float[] pooled(double[] sum, int frames) {
        float[] pooled = new float[sum.length];
        double total = 0;
        for (int i = 0; i < sum.length; i++) {
            pooled[i] = (float) (sum[i] / (256.0 * frames * Math.max(1, count[i])));
            total += pooled[i];
        }
        float mean = (float) (total / pooled.length);
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] -= mean;
        }
        return pooled;
    }

    /** Half-width, in analysis-grid cells, of the windows over which detail and its energy are measured. */
    static final int DETAIL_RADIUS = 6;
    /** Local detail is limited to this many times its median RMS over the picture. */
    static final double DETAIL_LIMIT = 4;
    /** Each round measures the detail again around the means the previous round left. */
    static final int LIMITING_ROUNDS = 5;
    private static final int MEDIAN_SAMPLES_PER_SIDE = 96;

    /**
     * Turns down the pooled picture's detail (each cell's departure from the mean of the window around it) wherever
     * its local RMS exceeds {@value #DETAIL_LIMIT} x the median local RMS over the picture, by scaling it to that
     * limit; in {@value #LIMITING_ROUNDS} rounds, each measuring again around the means the last one left. The
     * windows are {@value #DETAIL_RADIUS} analysis-grid cells each way, whatever the accumulator's resolution. The
     * detector does this once per video, before any synchronisation hypothesis; the embedder measures its plan on
     * the same picture.
     *
     * <p>Why: a burned-in label ("AI-generated", sharp static text on a translucent box) pools into a few cells of
     * very high contrast whose spectrum covers the whole band. On a smooth generated picture it dominates the spectral
     * envelope that normalises the band: the bundled model's labelled outputs read at scores 6.5-8.4 instead of
     * 21-40, some with a broken payload. The text is confined in space, so it is turned down in space: those outputs
     * now read at 17-33, every payload intact. Detail is scaled, not clipped cell by cell, because the embedder puts
     * more of the mark where the picture is busy: scaling a busy region keeps its mark-to-picture ratio (clipping
     * lost a checkered floor's payload). The window and the rounds were chosen on six labelled generated clips under
     * crop 90% + 0.75x + CRF 30: with 7x7-cell windows and 3 rounds they read at 7.4-10.7 and one payload was lost;
     * with 13x13 and 5, at 10.9-13.6, as the same clips unlabelled (10.8-15.0). It depends on the picture alone, never on
     * the key, so the false-positive bound still holds.
     */
    void limitSharpDetail(float[] pooled) {
        int rx = Math.max(1, (int) Math.round((double) DETAIL_RADIUS * cellsX / Layout.GRID));
        int ry = Math.max(1, (int) Math.round((double) DETAIL_RADIUS * cellsY / Layout.GRID));
        if (cellsX <= 2 * rx + 1 || cellsY <= 2 * ry + 1) {
            return;
        }
        int strideX = Math.max(1, cellsX / MEDIAN_SAMPLES_PER_SIDE), strideY = Math.max(1, cellsY / MEDIAN_SAMPLES_PER_SIDE);
        double[] sample = new double[((cellsX + strideX - 1) / strideX) * ((cellsY + strideY - 1) / strideY)];
        double[] mean = new double[pooled.length];
        for (int round = 0; round < LIMITING_ROUNDS; round++) {
            WindowMeans local = new WindowMeans(cellsX, cellsY, i -> pooled[i]);
            for (int i = 0; i < pooled.length; i++) {
                mean[i] = local.mean(i % cellsX, i / cellsX, rx, ry);
            }
            WindowMeans energy = new WindowMeans(cellsX, cellsY, i -> (pooled[i] - mean[i]) * (pooled[i] - mean[i]));
            int count = 0;
            for (int y = 0; y < cellsY; y += strideY) {
                for (int x = 0; x < cellsX; x += strideX) {
                    sample[count++] = energy.mean(x, y, rx, ry);
                }
            }
            java.util.Arrays.sort(sample, 0, count);
            double limit = DETAIL_LIMIT * Math.sqrt(sample[count / 2]);
            for (int i = 0; i < pooled.length; i++) {
                double rms = Math.sqrt(energy.mean(i % cellsX, i / cellsX, rx, ry));
                if (rms > limit) {
                    pooled[i] = (float) (mean[i] + (pooled[i] - mean[i]) * limit / rms);
                }
            }
        }
    }

    /**
     * The analysis grid under the hypothesis that this video is the centre {@code scale x scale} part of the marked
     * one (resized to any size). Mirroring is applied to the coefficients instead.
     */
    float[] resample(float[] pooled, double scale) {
        int n = Layout.GRID;
        float[] grid = new float[n * n];
        double offset = (1 - scale) / 2;
        for (int gy = 0; gy < n; gy++) {
            double ry = ((gy + 0.5) / n - offset) / scale;
            if (ry < 0 || ry > 1) {
                continue;
            }
            double ay = Math.max(0, Math.min(cellsY - 1, ry * cellsY - 0.5));
            int y0 = Math.min((int) ay, Math.max(0, cellsY - 2));
            int y1 = Math.min(y0 + 1, cellsY - 1);
            float wy = (float) (ay - y0);
            for (int gx = 0; gx < n; gx++) {
                double rx = ((gx + 0.5) / n - offset) / scale;
                if (rx < 0 || rx > 1) {
                    continue;
                }
                double ax = Math.max(0, Math.min(cellsX - 1, rx * cellsX - 0.5));
                int x0 = Math.min((int) ax, Math.max(0, cellsX - 2));
                int x1 = Math.min(x0 + 1, cellsX - 1);
                float wx = (float) (ax - x0);
                float top = pooled[y0 * cellsX + x0] * (1 - wx) + pooled[y0 * cellsX + x1] * wx;
                float bottom = pooled[y1 * cellsX + x0] * (1 - wx) + pooled[y1 * cellsX + x1] * wx;
                grid[gy * n + gx] = top * (1 - wy) + bottom * wy;
            }
        }
        return grid;
    }
}
