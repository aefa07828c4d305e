package io.auteur.provenance.watermark;

import java.util.function.IntToDoubleFunction;

/**
 * Means over rectangular windows of a grid of values, through a summed-area table: each window costs four lookups
 * whatever its size. A window is cut at the grid's edges and averages only the cells inside.
 */
final class WindowMeans {
    private final int width;
    private final int height;
    private final double[] integral;

    /** {@code value.applyAsDouble(i)} is the value of cell {@code i}, in row-major order. */
    WindowMeans(int width, int height, IntToDoubleFunction value) {
        this.width = width;
        this.height = height;
        integral = new double[(width + 1) * (height + 1)];
        for (int y = 0; y < height; y++) {
            double row = 0;
            for (int x = 0; x < width; x++) {
                row += value.applyAsDouble(y * width + x);
                integral[(y + 1) * (width + 1) + x + 1] = integral[y * (width + 1) + x + 1] + row;
            }
        }
    }

    /** The mean over the cells within {@code rx} columns and {@code ry} rows of ({@code x}, {@code y}). */
    double mean(int x, int y, int rx, int ry) {
        int x0 = Math.max(0, x - rx), x1 = Math.min(width, x + rx + 1);
        int y0 = Math.max(0, y - ry), y1 = Math.min(height, y + ry + 1);
        int w = width + 1;
        double sum = integral[y1 * w + x1] - integral[y0 * w + x1] - integral[y1 * w + x0] + integral[y0 * w + x0];
        return sum / ((y1 - y0) * (x1 - x0));
    }
}
