package io.auteur.previs.dataset;

/**
 * One training clip as stored in a shard: pictures and ground truth, frame-major, row-major.
 *
 * @param header    JSON: seed, caption, scene
 * @param rgb       [frames][height][width][3] sRGB bytes
 * @param depthMm   [frames][height][width] metric depth in millimetres, {@link #FAR} for sky and beyond
 * @param flow      [frames][height][width][2] forward optical flow in 1/{@link #FLOW_SCALE} pixels
 * @param edges     [frames][height][width] 0 or 255
 * @param instance  [frames][height][width] instance ids (0 sky, 1 ground, 2.. objects, the actor last)
 * @param keypoints [frames][17][3] pixel x, y and COCO visibility; all zero without an actor
 */
public record ClipRecord(String header, int width, int height, int frames, byte[] rgb, short[] depthMm, short[] flow,
                         byte[] edges, byte[] instance, float[] keypoints) {
    public static final int FAR = 0xFFFF;
    public static final int FLOW_SCALE = 32;

    public ClipRecord {
        int pixels = width * height * frames;
        if (rgb.length != pixels * 3 || depthMm.length != pixels || flow.length != pixels * 2 || edges.length != pixels
                || instance.length != pixels || keypoints.length != frames * 17 * 3) {
            throw new IllegalArgumentException("clip record arrays do not match " + frames + "x" + height + "x" + width);
        }
    }

    /** Depth in metres of one pixel, +infinity for sky. */
    public double depthMetres(int frame, int x, int y) {
        int v = depthMm[(frame * height + y) * width + x] & 0xFFFF;
        return v == FAR ? Double.POSITIVE_INFINITY : v / 1000.0;
    }
}
