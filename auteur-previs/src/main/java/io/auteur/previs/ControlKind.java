package io.auteur.previs;

import io.auteur.previs.render.FlowColours;
import io.auteur.previs.render.RenderedFrame;
import io.auteur.previs.render.SkeletonPainter;

/**
 * The control maps written beside a previs render, each as its own video, and how each is drawn as pictures.
 * The encodings are fixed (not normalised per clip) so a control means the same thing in every file.
 */
public enum ControlKind {
    /** Inverse depth: 255 * min(1, 2 m / depth), so near is bright and the sky is black (as depth estimators draw it). */
    DEPTH,
    /** Depth and normal discontinuities and silhouettes, white on black. */
    EDGES,
    /** The actor's COCO-17 skeleton, OpenPose colours on black. */
    POSE,
    /** Forward optical flow on the standard colour wheel, saturating at 5 % of the picture width per frame. */
    FLOW,
    /** World-space surface normals mapped from [-1, 1] to [0, 255]. */
    NORMALS,
    /** Instance masks: each instance in its own flat colour. */
    MASKS;

    /** Inverse depth saturates (white) at two metres. */
    public static final double DEPTH_NEAR_METRES = 2.0;
    /** Flow colours saturate at this fraction of the width per frame. */
    public static final double FLOW_SATURATION = 0.05;

    private static final int[][] MASK_COLOURS = {
        {0, 0, 0}, {90, 90, 90}, {230, 25, 75}, {60, 180, 75}, {0, 130, 200}, {255, 225, 25}, {145, 30, 180}};

    /** The file name of this control's video. */
    public String fileName() {
        return name().toLowerCase(java.util.Locale.ROOT) + ".mp4";
    }

    /** Draws this control for one frame as sRGB bytes. */
    public byte[] draw(ShotFrame shot, int width, int height) {
        RenderedFrame frame = shot.frame();
        int pixels = width * height;
        byte[] rgb = new byte[pixels * 3];
        switch (this) {
            case DEPTH -> {
                float[] depth = frame.depth();
                for (int i = 0; i < pixels; i++) {
                    int v = Float.isFinite(depth[i]) ? (int) Math.round(255 * Math.min(1, DEPTH_NEAR_METRES / depth[i])) : 0;
                    rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = (byte) v;
                }
            }
            case EDGES -> {
                byte[] edges = frame.edges();
                for (int i = 0; i < pixels; i++) {
                    rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = edges[i];
                }
            }
            case POSE -> {
                if (shot.keypoints().isPresent()) {
                    return SkeletonPainter.paint(shot.keypoints().get(), width, height);
                }
            }
            case FLOW -> {
                return FlowColours.toRgb(frame.flow(), width, height, FLOW_SATURATION * width);
            }
            case NORMALS -> {
                float[] normals = frame.normals();
                for (int i = 0; i < pixels * 3; i++) {
                    rgb[i] = (byte) Math.round((normals[i] + 1) * 127.5f);
                }
            }
            case MASKS -> {
                short[] ids = frame.instance();
                for (int i = 0; i < pixels; i++) {
                    int[] colour = MASK_COLOURS[Math.min(ids[i], MASK_COLOURS.length - 1)];
                    rgb[i * 3] = (byte) colour[0];
                    rgb[i * 3 + 1] = (byte) colour[1];
                    rgb[i * 3 + 2] = (byte) colour[2];
                }
            }
        }
        return rgb;
    }
}
