package io.auteur.engine;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Known-pixel masks (255 = given, 0 = generate), for requests and for training. Training draws one at random for
 * every sample so one model learns every mode.
 */
public final class Masks {
    private Masks() {}

    public static byte[] none(int frames, int width, int height) {
        return new byte[frames * width * height];
    }

    /** Frames {@code from} (inclusive) to {@code to} (exclusive) fully given. */
    public static byte[] frames(int frames, int width, int height, int... given) {
        byte[] mask = none(frames, width, height);
        int plane = width * height;
        for (int t : given) {
            Arrays.fill(mask, t * plane, (t + 1) * plane, (byte) 255);
        }
        return mask;
    }

    public static byte[] firstFrames(int frames, int width, int height, int count) {
        byte[] mask = none(frames, width, height);
        Arrays.fill(mask, 0, count * width * height, (byte) 255);
        return mask;
    }

    /** Everything given except the rectangle [x0, x1) x [y0, y1), in every frame (in-painting). */
    public static byte[] allBut(int frames, int width, int height, int x0, int y0, int x1, int y1) {
        byte[] mask = new byte[frames * width * height];
        Arrays.fill(mask, (byte) 255);
        for (int t = 0; t < frames; t++) {
            for (int y = Math.max(0, y0); y < Math.min(height, y1); y++) {
                for (int x = Math.max(0, x0); x < Math.min(width, x1); x++) {
                    mask[(t * height + y) * width + x] = 0;
                }
            }
        }
        return mask;
    }

    /** Only the centre given: the centre 1/factor of each side (out-painting by {@code factor}). */
    public static byte[] centre(int frames, int width, int height, double factor) {
        int w = (int) Math.round(width / factor), h = (int) Math.round(height / factor);
        int x0 = (width - w) / 2, y0 = (height - h) / 2;
        byte[] mask = none(frames, width, height);
        for (int t = 0; t < frames; t++) {
            for (int y = y0; y < y0 + h; y++) {
                Arrays.fill(mask, (t * height + y) * width + x0, (t * height + y) * width + x0 + w, (byte) 255);
            }
        }
        return mask;
    }

    /** A 2D mask image (one byte per pixel) repeated over every frame. */
    public static byte[] repeat(byte[] plane, int frames) {
        byte[] mask = new byte[plane.length * frames];
        for (int t = 0; t < frames; t++) {
            System.arraycopy(plane, 0, mask, t * plane.length, plane.length);
        }
        return mask;
    }

    /**
     * A random training mask: nothing known 30%, first frame 20%, first and last 10%, in-painting (boxes or a blob)
     * 15%, out-painting bands 10%, the first k frames 15%.
     */
    public static byte[] random(SplittableRandom random, int frames, int width, int height) {
        double u = random.nextDouble();
        if (u < 0.30) {
            return none(frames, width, height);
        }
        if (u < 0.50) {
            return frames(frames, width, height, 0);
        }
        if (u < 0.60) {
            return frames > 1 ? frames(frames, width, height, 0, frames - 1) : frames(frames, width, height, 0);
        }
        if (u < 0.75) {
            if (random.nextBoolean()) {
                int w = width / 4 + random.nextInt(width / 2 + 1), h = height / 4 + random.nextInt(height / 2 + 1);
                int x = random.nextInt(width - w + 1), y = random.nextInt(height - h + 1);
                return allBut(frames, width, height, x, y, x + w, y + h);
            }
            return blob(random, frames, width, height);
        }
        if (u < 0.85) {
            return centre(frames, width, height, 1.25 + random.nextDouble() * 0.75);
        }
        return firstFrames(frames, width, height, 1 + random.nextInt(Math.max(1, frames / 2)));
    }

    /** An irregular region: the union of a few random discs, regenerated in every frame. */
    private static byte[] blob(SplittableRandom random, int frames, int width, int height) {
        byte[] plane = new byte[width * height];
        Arrays.fill(plane, (byte) 255);
        int discs = 2 + random.nextInt(4);
        for (int d = 0; d < discs; d++) {
            double cx = random.nextDouble() * width, cy = random.nextDouble() * height;
            double r = (0.1 + random.nextDouble() * 0.2) * Math.min(width, height);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                        plane[y * width + x] = 0;
                    }
                }
            }
        }
        return repeat(plane, frames);
    }
}
