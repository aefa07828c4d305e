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

    /**
     * The analysis grid under the hypothesis that this video is the centre {@code scale x scale} part of the marked
     * one (resized to any size), optionally mirrored left to right.
     */
    float[] resample(float[] pooled, double scale, boolean flipped) {
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
                if (flipped) {
                    rx = 1 - rx;
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
