package io.auteur.media;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Video frames in memory: 8-bit sRGB, interleaved RGB, with a frame rate.
 *
 * <p>Clips are immutable. {@link #frames(int, int)} and {@link #crop(int, int, int, int)} return views that
 * share the pixel storage, so cutting a window out of a long clip costs nothing; {@link #frameRgb(int)}
 * copies one frame out contiguously when a consumer needs it.
 */
public final class Clip {
    /** Frame storage shared between views: each array holds one full frame of the base clip. */
    private final List<byte[]> storage;
    private final int storageWidth;
    private final int firstFrame;
    private final int frameCount;
    private final int left;
    private final int top;
    private final int width;
    private final int height;
    private final double fps;

    private Clip(List<byte[]> storage, int storageWidth, int firstFrame, int frameCount,
                 int left, int top, int width, int height, double fps) {
        this.storage = storage;
        this.storageWidth = storageWidth;
        this.firstFrame = firstFrame;
        this.frameCount = frameCount;
        this.left = left;
        this.top = top;
        this.width = width;
        this.height = height;
        this.fps = fps;
    }

    /**
     * Wraps frames of {@code width * height * 3} bytes each. The arrays are taken as they are (not copied):
     * the caller hands them over and must not change them afterwards.
     */
    public static Clip of(List<byte[]> frames, int width, int height, double fps) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one frame");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("clip size must be positive, was " + width + "x" + height);
        }
        if (!(fps > 0 && fps <= 1000)) {
            throw new IllegalArgumentException("fps must lie in (0, 1000], was " + fps);
        }
        long frameBytes = (long) width * height * 3;
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).length != frameBytes) {
                throw new IllegalArgumentException("frame " + i + " holds " + frames.get(i).length
                        + " bytes, expected " + frameBytes + " for " + width + "x" + height + " RGB");
            }
        }
        return new Clip(List.copyOf(frames), width, 0, frames.size(), 0, 0, width, height, fps);
    }

    /** A single still image as a one-frame clip (fps 1). */
    public static Clip still(byte[] rgb, int width, int height) {
        return of(List.of(rgb), width, height, 1);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int frameCount() {
        return frameCount;
    }

    public double fps() {
        return fps;
    }

    public double durationSeconds() {
        return frameCount / fps;
    }

    /** A view of frames {@code [from, to)}. */
    public Clip frames(int from, int to) {
        if (from < 0 || to > frameCount || from >= to) {
            throw new IndexOutOfBoundsException("frame range [" + from + ", " + to + ") outside [0, " + frameCount + ")");
        }
        return new Clip(storage, storageWidth, firstFrame + from, to - from, left, top, width, height, fps);
    }

    /** A view of the rectangle at ({@code x}, {@code y}) of size {@code w} x {@code h}. */
    public Clip crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new IndexOutOfBoundsException("crop " + w + "x" + h + "+" + x + "+" + y + " outside " + width + "x" + height);
        }
        return new Clip(storage, storageWidth, firstFrame, frameCount, left + x, top + y, w, h, fps);
    }

    /** The same frames at another frame rate (retimed, not resampled). */
    public Clip withFps(double newFps) {
        if (!(newFps > 0 && newFps <= 1000)) {
            throw new IllegalArgumentException("fps must lie in (0, 1000], was " + newFps);
        }
        return new Clip(storage, storageWidth, firstFrame, frameCount, left, top, width, height, newFps);
    }

    /** Channel {@code channel} (0 red, 1 green, 2 blue) of a pixel, 0..255. */
    public int sample(int frame, int x, int y, int channel) {
        checkFrame(frame);
        if (x < 0 || y < 0 || x >= width || y >= height || channel < 0 || channel > 2) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") channel " + channel);
        }
        byte[] base = storage.get(firstFrame + frame);
        return base[((top + y) * storageWidth + left + x) * 3 + channel] & 0xff;
    }

    /** A contiguous copy of one frame, {@code width * height * 3} bytes. */
    public byte[] frameRgb(int frame) {
        checkFrame(frame);
        byte[] base = storage.get(firstFrame + frame);
        if (left == 0 && top == 0 && width == storageWidth && base.length == width * height * 3) {
            return base.clone();
        }
        byte[] out = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            System.arraycopy(base, ((top + y) * storageWidth + left) * 3, out, y * width * 3, width * 3);
        }
        return out;
    }

    /** Copies one row of one frame into {@code dest} at {@code offset} ({@code width * 3} bytes). */
    public void copyRow(int frame, int y, byte[] dest, int offset) {
        checkFrame(frame);
        if (y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("row " + y + " outside [0, " + height + ")");
        }
        byte[] base = storage.get(firstFrame + frame);
        System.arraycopy(base, ((top + y) * storageWidth + left) * 3, dest, offset, width * 3);
    }

    /** One frame as a Java image (TYPE_3BYTE_BGR), for ImageIO and drawing. */
    public BufferedImage frameImage(int frame) {
        byte[] rgb = frameRgb(frame);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return image;
    }

    /**
     * The clip as a float tensor laid out [frame][channel][y][x] (T, C, H, W), values mapped from 0..255
     * to [-1, 1], the range diffusion models train on.
     */
    public float[] toTensor() {
        int plane = width * height;
        float[] out = new float[frameCount * 3 * plane];
        byte[] row = new byte[width * 3];
        for (int t = 0; t < frameCount; t++) {
            int frameBase = t * 3 * plane;
            for (int y = 0; y < height; y++) {
                copyRow(t, y, row, 0);
                for (int x = 0; x < width; x++) {
                    for (int c = 0; c < 3; c++) {
                        out[frameBase + c * plane + y * width + x] = (row[x * 3 + c] & 0xff) / 127.5f - 1f;
                    }
                }
            }
        }
        return out;
    }

    /** The inverse of {@link #toTensor()}: values are clamped to [-1, 1] and rounded to the nearest level. */
    public static Clip fromTensor(float[] tensor, int frames, int height, int width, double fps) {
        int plane = width * height;
        if (frames <= 0 || (long) frames * 3 * plane != tensor.length) {
            throw new IllegalArgumentException("tensor of " + tensor.length + " values is not " + frames + "x3x"
                    + height + "x" + width);
        }
        List<byte[]> out = new ArrayList<>(frames);
        for (int t = 0; t < frames; t++) {
            byte[] rgb = new byte[plane * 3];
            int frameBase = t * 3 * plane;
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    float v = Math.max(-1f, Math.min(1f, tensor[frameBase + c * plane + i]));
                    rgb[i * 3 + c] = (byte) Math.round((v + 1f) * 127.5f);
                }
            }
            out.add(rgb);
        }
        return of(out, width, height, fps);
    }

    private void checkFrame(int frame) {
        if (frame < 0 || frame >= frameCount) {
            throw new IndexOutOfBoundsException("frame " + frame + " outside [0, " + frameCount + ")");
        }
    }

    @Override
    public String toString() {
        return "Clip[" + width + "x" + height + ", " + frameCount + " frames at " + fps + " fps]";
    }
}
