package io.auteur.previs;

/**
 * How a scene is rendered: picture size, frame rate, length and anti-aliasing.
 *
 * @param supersampling samples per pixel along each axis (2 means 4 samples per pixel)
 */
public record RenderSettings(int width, int height, double fps, int frameCount, int supersampling) {
    public static final int MIN_SIZE = 16;
    public static final int MAX_WIDTH = 1920;
    public static final int MAX_HEIGHT = 1080;
    public static final int MAX_FRAMES = 10_000;

    public RenderSettings {
        if (Math.min(width, height) < MIN_SIZE || Math.max(width, height) > MAX_WIDTH
                || Math.min(width, height) > MAX_HEIGHT) {
            throw new IllegalArgumentException("render size " + width + "x" + height + " is outside " + MIN_SIZE + "x"
                    + MIN_SIZE + " to " + MAX_WIDTH + "x" + MAX_HEIGHT + " (or " + MAX_HEIGHT + "x" + MAX_WIDTH
                    + " portrait)");
        }
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("render size " + width + "x" + height + " must be even (video needs it)");
        }
        if (!(fps >= 1 && fps <= 120)) {
            throw new IllegalArgumentException("fps must lie in [1, 120], was " + fps);
        }
        if (frameCount < 1 || frameCount > MAX_FRAMES) {
            throw new IllegalArgumentException("frame count must lie in [1, " + MAX_FRAMES + "], was " + frameCount);
        }
        if (supersampling < 1 || supersampling > 4) {
            throw new IllegalArgumentException("supersampling must lie in [1, 4], was " + supersampling);
        }
    }

    /** A render of {@code seconds} at {@code fps}, supersampled 3x3 for previs quality (2x2 below 128 pixels). */
    public static RenderSettings of(int width, int height, double seconds, double fps) {
        if (!(seconds > 0 && seconds * fps <= MAX_FRAMES)) {
            throw new IllegalArgumentException("duration must be positive and at most " + MAX_FRAMES + " frames, was "
                    + seconds + " s at " + fps + " fps");
        }
        int frames = Math.max(1, (int) Math.round(seconds * fps));
        return new RenderSettings(width, height, fps, frames, Math.min(width, height) < 128 ? 2 : 3);
    }

    public double timeOf(int frame) {
        return frame / fps;
    }
}
