package io.auteur.provenance.watermark;

/**
 * The orthonormal 2-D DCT-II of an {@code n x n} grid restricted to the lowest {@code bands x bands} frequencies:
 * the watermark lives only there, so the rest is never computed. Loops are written as scaled additions over
 * contiguous rows so the JIT can vectorise them.
 */
final class GridDct {
    private final int n;
    private final int bands;
    /** basis[x * bands + f] = alpha(f) cos(pi (2x + 1) f / 2n). */
    private final float[] basis;

    GridDct(int n, int bands) {
        this.n = n;
        this.bands = bands;
        basis = new float[n * bands];
        for (int f = 0; f < bands; f++) {
            double alpha = f == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n);
            for (int x = 0; x < n; x++) {
                basis[x * bands + f] = (float) (alpha * Math.cos(Math.PI * (2 * x + 1) * f / (2.0 * n)));
            }
        }
    }

    /** Coefficients [v * bands + u] (v vertical, u horizontal frequency) of grid [y * n + x]. */
    float[] forward(float[] grid) {
        float[] rows = new float[n * bands];
        for (int y = 0; y < n; y++) {
            int r = y * bands;
            for (int x = 0; x < n; x++) {
                float value = grid[y * n + x];
                if (value == 0) {
                    continue;
                }
                int b = x * bands;
                for (int u = 0; u < bands; u++) {
                    rows[r + u] += value * basis[b + u];
                }
            }
        }
        float[] out = new float[bands * bands];
        for (int y = 0; y < n; y++) {
            int r = y * bands;
            for (int v = 0; v < bands; v++) {
                float w = basis[y * bands + v];
                int o = v * bands;
                for (int u = 0; u < bands; u++) {
                    out[o + u] += w * rows[r + u];
                }
            }
        }
        return out;
    }

    /** The grid whose band-limited coefficients are {@code coefficients} (all higher ones zero). */
    float[] inverse(float[] coefficients) {
        float[] columns = new float[n * bands];
        for (int y = 0; y < n; y++) {
            int r = y * bands;
            for (int v = 0; v < bands; v++) {
                float w = basis[y * bands + v];
                int c = v * bands;
                for (int u = 0; u < bands; u++) {
                    columns[r + u] += w * coefficients[c + u];
                }
            }
        }
        float[] grid = new float[n * n];
        float[] transposed = new float[bands * n];
        for (int x = 0; x < n; x++) {
            for (int u = 0; u < bands; u++) {
                transposed[u * n + x] = basis[x * bands + u];
            }
        }
        for (int y = 0; y < n; y++) {
            int r = y * bands;
            int g = y * n;
            for (int u = 0; u < bands; u++) {
                float w = columns[r + u];
                int t = u * n;
                for (int x = 0; x < n; x++) {
                    grid[g + x] += w * transposed[t + x];
                }
            }
        }
        return grid;
    }
}
