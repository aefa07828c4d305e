package io.auteur.previs.render;

import io.auteur.previs.Ground;
import io.auteur.previs.Light;
import io.auteur.previs.Sky;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to draw one frame: its size, the camera now and at the next frame (for flow),
 * the light, sky and ground, and the rigid parts.
 */
public record FrameRequest(int width, int height, CameraView now, CameraView next, Light light, Sky sky,
        Ground ground, List<RenderItem> items) {
    public static final int MIN_SIZE = 16;
    public static final int MAX_WIDTH = 1920;
    public static final int MAX_HEIGHT = 1080;
    /** Bounds the per-frame work and vertex memory. */
    public static final int MAX_ITEMS = 4096;

    public FrameRequest {
        checkSize(width, height);
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(light, "light");
        Objects.requireNonNull(sky, "sky");
        Objects.requireNonNull(ground, "ground");
        Objects.requireNonNull(items, "items");
        if (items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("frame has " + items.size() + " items, the limit is " + MAX_ITEMS);
        }
        items = List.copyOf(items);
    }

    /** A frame whose camera does not move before the next frame. */
    public static FrameRequest stillCamera(int width, int height, CameraView camera, Light light, Sky sky,
            Ground ground, List<RenderItem> items) {
        return new FrameRequest(width, height, camera, camera, light, sky, ground, items);
    }

    /** Landscape up to 1920x1080 and portrait up to 1080x1920. */
    static void checkSize(int width, int height) {
        if (Math.min(width, height) < MIN_SIZE || Math.max(width, height) > MAX_WIDTH
                || Math.min(width, height) > MAX_HEIGHT) {
            throw new IllegalArgumentException("frame size " + width + "x" + height + " is outside " + MIN_SIZE
                    + "x" + MIN_SIZE + " .. " + MAX_WIDTH + "x" + MAX_HEIGHT + " (or " + MAX_HEIGHT + "x" + MAX_WIDTH + ")");
        }
    }
}
