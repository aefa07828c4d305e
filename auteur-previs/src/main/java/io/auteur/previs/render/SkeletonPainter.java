package io.auteur.previs.render;

import java.util.List;

/**
 * Draws a COCO-17 skeleton the way pose-conditioned models expect it: the 19 limbs of the COCO keypoint
 * annotation's {@code skeleton} list, each in its own fully saturated colour (hues evenly around the wheel,
 * as OpenPose draws them), then the keypoints as discs, on black. Line width grows with the image: one
 * pixel at 64x64, about 5 at 512x512.
 */
public final class SkeletonPainter {
    public static final List<String> KEYPOINT_NAMES = List.of("nose", "left_eye", "right_eye", "left_ear",
            "right_ear", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist",
            "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle");
    public static final int KEYPOINTS = 17;
    public static final int MAX_SIZE = 8192;

    /** COCO's skeleton, 0-based: legs, hips, torso sides, shoulders, arms, face, ears to shoulders. */
    private static final int[][] LIMBS = {
        {15, 13}, {13, 11}, {16, 14}, {14, 12}, {11, 12}, {5, 11}, {6, 12}, {5, 6}, {5, 7}, {6, 8},
        {7, 9}, {8, 10}, {1, 2}, {0, 1}, {0, 2}, {1, 3}, {2, 4}, {3, 5}, {4, 6}};
    private static final int[][] LIMB_COLOURS = hues(LIMBS.length);
    private static final int[][] KEYPOINT_COLOURS = hues(KEYPOINTS);

    private SkeletonPainter() {
    }

    /** The number of limbs drawn (19). */
    public static int limbCount() {
        return LIMBS.length;
    }

    /** The two keypoint indices limb {@code index} joins. */
    public static int[] limb(int index) {
        return LIMBS[index].clone();
    }

    /** As {@link #paint(float[], int, int, boolean)}, anti-aliased. */
    public static byte[] paint(float[] keypoints, int width, int height) {
        return paint(keypoints, width, height, true);
    }

    /**
     * @param keypoints 17 x (x, y, visibility): pixel coordinates (centre of the top-left pixel at 0.5, 0.5)
     *                  and COCO's visibility code (0 not in view, 1 hidden behind something, 2 visible);
     *                  keypoints with code 0 are not drawn, nor are limbs touching them
     * @return 8-bit RGB, interleaved, row-major
     */
    public static byte[] paint(float[] keypoints, int width, int height, boolean antiAliased) {
        if (keypoints.length != 3 * KEYPOINTS) {
            throw new IllegalArgumentException("a COCO-17 pose needs 51 values (x, y, visibility per keypoint), got "
                    + keypoints.length);
        }
        if (width < 1 || height < 1 || width > MAX_SIZE || height > MAX_SIZE) {
            throw new IllegalArgumentException("skeleton image size " + width + "x" + height + " is outside 1x1 .. "
                    + MAX_SIZE + "x" + MAX_SIZE);
        }
        byte[] rgb = new byte[3 * width * height];
        double lineWidth = Math.max(1, Math.min(width, height) / 96.0);
        for (int i = 0; i < LIMBS.length; i++) {
            int a = LIMBS[i][0], b = LIMBS[i][1];
            if (drawn(keypoints, a) && drawn(keypoints, b)) {
                drawCapsule(rgb, width, height, keypoints[3 * a], keypoints[3 * a + 1], keypoints[3 * b],
                        keypoints[3 * b + 1], lineWidth / 2, LIMB_COLOURS[i], antiAliased);
            }
        }
        for (int k = 0; k < KEYPOINTS; k++) {
            if (drawn(keypoints, k)) {
                float x = keypoints[3 * k], y = keypoints[3 * k + 1];
                drawCapsule(rgb, width, height, x, y, x, y, lineWidth, KEYPOINT_COLOURS[k], antiAliased);
            }
        }
        return rgb;
    }

    private static boolean drawn(float[] keypoints, int k) {
        return keypoints[3 * k + 2] > 0 && Float.isFinite(keypoints[3 * k]) && Float.isFinite(keypoints[3 * k + 1]);
    }

    /** Fills the points within {@code radius} of the segment (a disc when the ends coincide). */
    private static void drawCapsule(byte[] rgb, int width, int height, double ax, double ay, double bx, double by,
            double radius, int[] colour, boolean antiAliased) {
        double reach = radius + 1;
        int x0 = (int) Math.max(0, Math.floor(Math.min(ax, bx) - reach));
        int x1 = (int) Math.min(width - 1, Math.ceil(Math.max(ax, bx) + reach));
        int y0 = (int) Math.max(0, Math.floor(Math.min(ay, by) - reach));
        int y1 = (int) Math.min(height - 1, Math.ceil(Math.max(ay, by) + reach));
        double ex = bx - ax, ey = by - ay;
        double lengthSquared = ex * ex + ey * ey;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double px = x + 0.5 - ax, py = y + 0.5 - ay;
                double t = lengthSquared > 0 ? Math.max(0, Math.min(1, (px * ex + py * ey) / lengthSquared)) : 0;
                double distance = Math.hypot(px - t * ex, py - t * ey);
                double coverage = antiAliased ? Math.max(0, Math.min(1, radius + 0.5 - distance))
                        : distance <= radius ? 1 : 0;
                if (coverage > 0) {
                    int o = 3 * (y * width + x);
                    for (int c = 0; c < 3; c++) {
                        double under = rgb[o + c] & 0xFF;
                        rgb[o + c] = (byte) (int) Math.round(under + (colour[c] - under) * coverage);
                    }
                }
            }
        }
    }

    /** n fully saturated colours with hues evenly spaced from red. */
    private static int[][] hues(int n) {
        int[][] colours = new int[n][];
        for (int i = 0; i < n; i++) {
            double hue = 6.0 * i / n;
            int sector = (int) hue;
            double f = hue - sector;
            int rising = (int) Math.round(255 * f), falling = 255 - rising;
            colours[i] = switch (sector) {
                case 0 -> new int[] {255, rising, 0};
                case 1 -> new int[] {falling, 255, 0};
                case 2 -> new int[] {0, 255, rising};
                case 3 -> new int[] {0, falling, 255};
                case 4 -> new int[] {rising, 0, 255};
                default -> new int[] {255, 0, falling};
            };
        }
        return colours;
    }
}
