package io.auteur.vision;

/**
 * A dense optical flow field: for each pixel (x, y) of the earlier frame, where its content is found in the
 * later frame, minus (x, y). Interleaved dx, dy per pixel, row-major, in pixels, y downward: the layout of
 * previs's {@code RenderedFrame.flow()}, so estimated and rendered flow compare index by index.
 *
 * <p>The array is shared, not copied (fields are made per frame pair); treat it as read-only.
 */
public record FlowField(int width, int height, float[] dxdy) {
    public FlowField {
        if (width <= 0 || height <= 0) {
            throw new VisionException(VisionException.Problem.BAD_ARGUMENT,
                    "flow field size must be positive, was " + width + "x" + height);
        }
        if (dxdy == null || dxdy.length != 2L * width * height) {
            throw new VisionException(VisionException.Problem.SIZE_MISMATCH, "flow field of "
                    + (dxdy == null ? "no" : dxdy.length) + " values does not fit " + width + "x" + height
                    + " (needs " + 2L * width * height + ")");
        }
    }

    public float dx(int x, int y) {
        return dxdy[2 * (y * width + x)];
    }

    public float dy(int x, int y) {
        return dxdy[2 * (y * width + x) + 1];
    }

    /** The length of the flow vector at a pixel, in pixels. */
    public double magnitude(int x, int y) {
        return Math.hypot(dx(x, y), dy(x, y));
    }
}
