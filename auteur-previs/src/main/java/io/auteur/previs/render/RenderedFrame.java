package io.auteur.previs.render;

/**
 * One rendered frame: the picture and its control buffers, all row-major, pixel (x, y) at index
 * {@code y * width + x}, y downward.
 *
 * <p>The picture is supersampled (an s x s ordered grid per pixel, box-filtered in linear light, then tone
 * mapped and sRGB-encoded). The control buffers are not averaged: they describe exactly what is seen
 * through the pixel centre (x + 0.5, y + 0.5), found by a second visibility pass at the centres (for odd s
 * the centre is one of the samples and that sample's visibility is reused). So a control value is never a
 * blend of two surfaces, and it lines up with the picture to within the picture's own filter width.
 *
 * <p>The arrays belong to this frame; the accessors hand them out without copying (frames are produced at
 * training-data rates). Treat them as read-only.
 */
public final class RenderedFrame {
    /** Instance id of the sky; the ground is {@link #GROUND}; items use their own ids from 2 up. */
    public static final short SKY = 0;
    public static final short GROUND = 1;

    /** Neighbouring normals further apart than about 41 degrees mark a crease. */
    private static final double CREASE_COSINE = 0.75;
    /** A step in inverse depth larger than this fraction of it, not explained by the local slope, is a depth edge. */
    private static final double DEPTH_JUMP = 0.02;

    private final int width;
    private final int height;
    private final byte[] rgb;
    private final float[] depth;
    private final float[] normals;
    private final short[] instance;
    private final float[] flow;

    RenderedFrame(int width, int height, byte[] rgb, float[] depth, float[] normals, short[] instance, float[] flow) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.depth = depth;
        this.normals = normals;
        this.instance = instance;
        this.flow = flow;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 8-bit sRGB, interleaved r, g, b per pixel. */
    public byte[] rgb() {
        return rgb;
    }

    /**
     * Metric depth per pixel: distance in metres along the camera's viewing axis (not along the ray);
     * {@link Float#POSITIVE_INFINITY} for sky.
     */
    public float[] depth() {
        return depth;
    }

    /** World-space unit normals, interleaved x, y, z per pixel; (0, 0, 0) for sky. */
    public float[] normals() {
        return normals;
    }

    /** {@link #SKY}, {@link #GROUND}, or the {@link RenderItem#instanceId()} seen at the pixel centre. */
    public short[] instance() {
        return instance;
    }

    /**
     * Forward optical flow, interleaved dx, dy per pixel, in pixels (y downward): where the surface point
     * seen at this pixel's centre projects in the next frame, minus the centre. Items move by their
     * {@code modelNext}, the ground stays, and both are seen by the next camera; sky points are at infinity
     * (only the camera's rotation and zoom move them). A point that would be behind the next camera has
     * flow (0, 0). Occlusion in the next frame is not considered: the flow of a point about to be hidden
     * is still its motion.
     */
    public float[] flow() {
        return flow;
    }

    /**
     * Edge map, 255 on edges and 0 elsewhere: boundaries between instances, depth discontinuities and
     * creases between neighbouring pixels, each drawn one pixel thick on the nearer side.
     */
    public byte[] edges() {
        byte[] edges = new byte[width * height];
        float[] inverseDepth = new float[width * height];
        for (int i = 0; i < inverseDepth.length; i++) {
            inverseDepth[i] = 1 / depth[i]; // 0 for sky
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x + 1 < width; x++) {
                int p = y * width + x;
                markIfDiscontinuous(edges, inverseDepth, p, p + 1, x > 0 ? p - 1 : -1,
                        x + 2 < width ? p + 2 : -1);
            }
        }
        for (int y = 0; y + 1 < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                markIfDiscontinuous(edges, inverseDepth, p, p + width, y > 0 ? p - width : -1,
                        y + 2 < height ? p + 2 * width : -1);
            }
        }
        return edges;
    }

    private void markIfDiscontinuous(byte[] edges, float[] inverseDepth, int p, int q, int beforeP, int afterQ) {
        boolean edge = instance[p] != instance[q];
        if (!edge && instance[p] != SKY) {
            double dot = normals[3 * p] * normals[3 * q] + normals[3 * p + 1] * normals[3 * q + 1]
                    + normals[3 * p + 2] * normals[3 * q + 2];
            edge = dot < CREASE_COSINE || isDepthJump(inverseDepth, p, q, beforeP, afterQ);
        }
        if (edge) {
            edges[inverseDepth[q] > inverseDepth[p] ? q : p] = (byte) 255;
        }
    }

    /**
     * On a plane inverse depth is affine in screen position, and on smooth surfaces nearly so; a step
     * between p and q that differs from the steps on both sides of it is a jump from one surface to another.
     */
    private boolean isDepthJump(float[] inverseDepth, int p, int q, int beforeP, int afterQ) {
        double step = inverseDepth[q] - inverseDepth[p];
        double tolerance = DEPTH_JUMP * Math.max(inverseDepth[p], inverseDepth[q]);
        if (Math.abs(step) <= tolerance) {
            return false; // p and q are at nearly the same depth: nothing to jump over
        }
        boolean explainedBefore = beforeP >= 0 && instance[beforeP] == instance[p]
                && Math.abs(step - (inverseDepth[p] - inverseDepth[beforeP])) <= tolerance;
        boolean explainedAfter = afterQ >= 0 && instance[afterQ] == instance[q]
                && Math.abs(step - (inverseDepth[afterQ] - inverseDepth[q])) <= tolerance;
        boolean anyNeighbour = beforeP >= 0 || afterQ >= 0;
        return anyNeighbour ? !explainedBefore && !explainedAfter : Math.abs(step) > tolerance;
    }

    /**
     * Depth as a grey image, 255 for the nearest point in this frame falling off as 1/depth (disparity),
     * 0 for sky. Per-frame normalisation; for clips use {@link #normalisedDepth(double)} with one fixed
     * near distance so the grey levels do not flicker from frame to frame.
     */
    public byte[] normalisedDepth() {
        double nearest = Double.POSITIVE_INFINITY;
        for (float d : depth) {
            nearest = Math.min(nearest, d);
        }
        return normalisedDepth(Double.isFinite(nearest) ? nearest : 1);
    }

    /** Depth as a grey image: 255 * min(1, nearMetres / depth), so 255 at or before nearMetres and 0 for sky. */
    public byte[] normalisedDepth(double nearMetres) {
        if (!(nearMetres > 0 && Double.isFinite(nearMetres))) {
            throw new IllegalArgumentException("nearMetres must be positive and finite, was " + nearMetres);
        }
        byte[] grey = new byte[width * height];
        for (int i = 0; i < grey.length; i++) {
            double disparity = Math.min(1, nearMetres / depth[i]);
            grey[i] = (byte) (int) (255 * disparity + 0.5);
        }
        return grey;
    }
}
