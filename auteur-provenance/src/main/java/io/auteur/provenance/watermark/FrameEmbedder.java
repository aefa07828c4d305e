package io.auteur.provenance.watermark;

/**
 * Adds one payload's watermark to frames of one size, in place. The pattern is resized to the frame once; each
 * frame then costs one pass to measure texture and one to add the pattern, so frames can stream through.
 * Thread-safe: frames may be marked in parallel.
 *
 * <p>Perceptual masking: the pattern's amplitude follows the local texture of each {@value #CELL}-pixel cell (mean
 * absolute luma gradient), because the eye does not see a small change on a busy surface but does on a flat one.
 * The weakest neighbour of a cell sets its level, so a textured cell beside sky does not leak pattern into the sky.
 *
 * <p>Made by {@link Watermarker#embedder}, which plans the informed correction from the frames first. Frames of
 * 8x8 pixels and up are accepted; any size, odd or even.
 */
public final class FrameEmbedder {
    static final int CELL = 16;
    /** Gradient (grey levels per pixel) at which a cell gets the full strength. */
    private static final double TEXTURE_FOR_FULL_STRENGTH = 6.0;
    /** Flat cells keep this share of the strength: below a grey level, rounding erases it anyway. */
    static final double FLAT_SHARE = 0.15;
    /** Busy cells get up to this share: more would show on strong edges. */
    private static final double MAX_SHARE = 1.6;
    /**
     * Cap on how much the informed correction is boosted in textured cells to make up for flat ones: above 1.6,
     * mostly flat previs renders fall below SSIM 0.99 (measured: 2.0 gives 0.9900, 1.6 gives 0.992, 1.0 gives 0.995
     * but costs the footage its CRF 28 margin).
     */
    private static final double MAX_CORRECTION_GAIN = 1.6;
    private final int width;
    private final int height;
    private final double strength;
    /** How much the textured part of the mask is raised (see {@link EmbeddingPlanner}); flat cells never are. */
    private final double textureGain;
    private final float[] pattern;
    /** The informed correction at full size, or null before it is planned. */
    private final float[] correction;
    /** Overall scale of the change, set by {@link EmbeddingPlanner} to spend the video's fidelity budget. */
    private final float amplitude;
    private final int cellsX;
    private final int cellsY;
    private final int[] cellX0;
    private final float[] cellXWeight;

    /** With an informed correction on the analysis grid (see {@link EmbeddingPlanner}). */
    FrameEmbedder(float[] gridPattern, float[] gridCorrection, int width, int height, double strength,
                  double textureGain) {
        if (width < 8 || height < 8) {
            throw new WatermarkException("cannot watermark a " + width + "x" + height
                    + " video: frames need at least 8x8 pixels");
        }
        this.width = width;
        this.height = height;
        this.strength = strength;
        this.textureGain = textureGain;
        this.pattern = resize(gridPattern, Layout.GRID, width, height);
        this.correction = gridCorrection == null ? null : resize(gridCorrection, Layout.GRID, width, height);
        this.amplitude = 1;
        cellsX = (width + CELL - 1) / CELL;
        cellsY = (height + CELL - 1) / CELL;
        cellX0 = new int[width];
        cellXWeight = new float[width];
        for (int x = 0; x < width; x++) {
            double c = Math.max(0, Math.min(cellsX - 1, (x + 0.5) / CELL - 0.5));
            cellX0[x] = Math.min((int) c, cellsX - 1);
            cellXWeight[x] = (float) (c - cellX0[x]);
        }
    }

    private FrameEmbedder(FrameEmbedder planned, double amplitude) {
        width = planned.width;
        height = planned.height;
        strength = planned.strength;
        textureGain = planned.textureGain;
        pattern = planned.pattern;
        correction = planned.correction;
        this.amplitude = (float) amplitude;
        cellsX = planned.cellsX;
        cellsY = planned.cellsY;
        cellX0 = planned.cellX0;
        cellXWeight = planned.cellXWeight;
    }

    /** The same plan with the whole change scaled by {@code amplitude}. */
    FrameEmbedder withAmplitude(double amplitude) {
        return new FrameEmbedder(this, amplitude);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * Marks one frame of {@code width * height * 3} RGB bytes in place: the payload's pattern plus the informed
     * correction (see {@link EmbeddingPlanner}), both shaped by this frame's texture mask and rounded once.
     */
    public void embed(byte[] rgb) {
        if (rgb.length != width * height * 3) {
            throw new WatermarkException("frame of " + rgb.length + " bytes does not match " + width + "x" + height
                    + " RGB (" + width * height * 3 + " bytes)");
        }
        float[] mask = mask(rgb);
        double maskSum = 0;
        for (float m : mask) {
            maskSum += m;
        }
        // The correction was planned at unit amplitude; shaped by the mask, it is rescaled so its mean amplitude
        // stays one, but never more than MAX_CORRECTION_GAIN times the mask's share, so mostly flat pictures
        // (previs renders) do not get a strong correction in their flat parts.
        float correctionScale = correction == null ? 0 : (float) Math.min(mask.length / Math.max(1e-9, maskSum),
                MAX_CORRECTION_GAIN / strength);
        float[][] across = maskAcross(mask, amplitude);
        int[] rowChange = new int[width];
        for (int y = 0; y < height; y++) {
            double cy = Math.max(0, Math.min(cellsY - 1, (y + 0.5) / CELL - 0.5));
            int y0 = Math.min((int) cy, cellsY - 1);
            float[] top = across[y0];
            float[] bottom = across[Math.min(y0 + 1, cellsY - 1)];
            float wy = (float) (cy - y0);
            int row = y * width;
            // first the change for the whole row in floats (a loop the JIT vectorises), then the bytes
            for (int x = 0; x < width; x++) {
                float m = top[x] * (1 - wy) + bottom[x] * wy;
                float change = correction == null ? pattern[row + x] * m
                        : (pattern[row + x] + correction[row + x] * correctionScale) * m;
                // round half up without Math.round's slow path: the offset keeps the value positive for the cast
                rowChange[x] = Math.max(-255, Math.min(255, (int) (change + 256.5f) - 256));
            }
            int i = 3 * row;
            for (int x = 0; x < width; x++, i += 3) {
                int delta = rowChange[x] + CLAMP_OFFSET;
                rgb[i] = CLAMP[(rgb[i] & 0xff) + delta];
                rgb[i + 1] = CLAMP[(rgb[i + 1] & 0xff) + delta];
                rgb[i + 2] = CLAMP[(rgb[i + 2] & 0xff) + delta];
            }
        }
    }

    /** The pattern's luma change at every pixel for a given cell mask (for planning). */
    float[] patternChange(float[] mask) {
        float[] change = new float[width * height];
        float[][] across = maskAcross(mask, 1);
        for (int y = 0; y < height; y++) {
            double cy = Math.max(0, Math.min(cellsY - 1, (y + 0.5) / CELL - 0.5));
            int y0 = Math.min((int) cy, cellsY - 1);
            float[] top = across[y0];
            float[] bottom = across[Math.min(y0 + 1, cellsY - 1)];
            float wy = (float) (cy - y0);
            for (int x = 0, p = y * width; x < width; x++, p++) {
                change[p] = pattern[p] * (top[x] * (1 - wy) + bottom[x] * wy);
            }
        }
        return change;
    }

    /**
     * The cell mask times {@code scale}, interpolated across each row of cells to every pixel column, so the
     * per-pixel loops only blend two of these rows (contiguous loads the JIT vectorises).
     */
    private float[][] maskAcross(float[] mask, float scale) {
        float[][] across = new float[cellsY][width];
        int last = cellsX - 1;
        for (int cy = 0; cy < cellsY; cy++) {
            int base = cy * cellsX;
            for (int x = 0; x < width; x++) {
                int c0 = cellX0[x];
                float w = cellXWeight[x];
                across[cy][x] = (mask[base + c0] * (1 - w) + mask[base + Math.min(c0 + 1, last)] * w) * scale;
            }
        }
        return across;
    }

    /** Amplitude per cell: strength times the share the cell's texture allows (weakest 3x3 neighbour). */
    float[] mask(byte[] rgb) {
        float[] texture = new float[cellsX * cellsY];
        int[] samples = new int[cellsX * cellsY];
        for (int y = 0; y + 1 < height; y += 2) {
            int cy = y / CELL;
            for (int x = 0; x + 1 < width; x += 2) {
                int p = y * width + x;
                int centre = luma(rgb, p);
                int gradient = Math.abs(centre - luma(rgb, p + 1)) + Math.abs(centre - luma(rgb, p + width));
                int cell = cy * cellsX + x / CELL;
                texture[cell] += gradient;
                samples[cell]++;
            }
        }
        float[] share = new float[texture.length];
        for (int i = 0; i < texture.length; i++) {
            double mean = samples[i] == 0 ? 0 : texture[i] / samples[i];
            share[i] = (float) Math.max(FLAT_SHARE, Math.min(MAX_SHARE, mean / TEXTURE_FOR_FULL_STRENGTH));
        }
        float[] mask = new float[share.length];
        for (int cy = 0; cy < cellsY; cy++) {
            for (int cx = 0; cx < cellsX; cx++) {
                float weakest = Float.MAX_VALUE;
                for (int dy = Math.max(0, cy - 1); dy <= Math.min(cellsY - 1, cy + 1); dy++) {
                    for (int dx = Math.max(0, cx - 1); dx <= Math.min(cellsX - 1, cx + 1); dx++) {
                        weakest = Math.min(weakest, share[dy * cellsX + dx]);
                    }
                }
                mask[cy * cellsX + cx] = (float) ((FLAT_SHARE + textureGain * (weakest - FLAT_SHARE)) * strength);
            }
        }
        return mask;
    }

    static int luma(byte[] rgb, int pixel) {
        int i = 3 * pixel;
        return (77 * (rgb[i] & 0xff) + 150 * (rgb[i + 1] & 0xff) + 29 * (rgb[i + 2] & 0xff)) >> 8;
    }

    /** Saturating add as a table: CLAMP[value + CLAMP_OFFSET] for value in [-256, 511]. */
    private static final int CLAMP_OFFSET = 256;
    private static final byte[] CLAMP = new byte[768];

    static {
        for (int i = 0; i < CLAMP.length; i++) {
            CLAMP[i] = (byte) Math.max(0, Math.min(255, i - CLAMP_OFFSET));
        }
    }

    /** Bilinear resize of an n x n grid to width x height, cell centres to pixel centres. */
    static float[] resize(float[] grid, int n, int width, int height) {
        float[] out = new float[width * height];
        int[] x0 = new int[width];
        float[] wx = new float[width];
        for (int x = 0; x < width; x++) {
            double g = Math.max(0, Math.min(n - 1, (x + 0.5) * n / width - 0.5));
            x0[x] = Math.min((int) g, n - 2);
            wx[x] = (float) (g - x0[x]);
        }
        for (int y = 0; y < height; y++) {
            double g = Math.max(0, Math.min(n - 1, (y + 0.5) * n / height - 0.5));
            int y0 = Math.min((int) g, n - 2);
            float wy = (float) (g - y0);
            for (int x = 0; x < width; x++) {
                int i = y0 * n + x0[x];
                float top = grid[i] * (1 - wx[x]) + grid[i + 1] * wx[x];
                float bottom = grid[i + n] * (1 - wx[x]) + grid[i + n + 1] * wx[x];
                out[y * width + x] = top * (1 - wy) + bottom * wy;
            }
        }
        return out;
    }
}
