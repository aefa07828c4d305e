package io.auteur.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.auteur.media.Clip;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Moving pictures between clips, model sizes and tensors. */
public final class Pictures {
    private Pictures() {}

    /** The clip as a tensor [1, 3, frames, height, width] in [-1, 1]. */
    public static NDArray toTensor(NDManager manager, Clip clip) {
        return manager.create(clip.toTensor(), new Shape(clip.frameCount(), 3, clip.height(), clip.width()))
                .transpose(1, 0, 2, 3).expandDims(0);
    }

    /** Scales the clip to cover width x height and crops the centre (a reference image keeps its composition). */
    public static Clip fit(Clip clip, int width, int height) {
        if (clip.width() == width && clip.height() == height) {
            return clip;
        }
        double scale = Math.max((double) width / clip.width(), (double) height / clip.height());
        int scaledWidth = Math.max(width, (int) Math.round(clip.width() * scale));
        int scaledHeight = Math.max(height, (int) Math.round(clip.height() * scale));
        int x0 = (scaledWidth - width) / 2, y0 = (scaledHeight - height) / 2;
        List<byte[]> frames = new ArrayList<>();
        for (int t = 0; t < clip.frameCount(); t++) {
            BufferedImage scaled = resize(clip.frameImage(t), scaledWidth, scaledHeight);
            frames.add(rgb(scaled.getSubimage(x0, y0, width, height)));
        }
        return Clip.of(frames, width, height, clip.fps());
    }

    /** Resizes every frame to exactly width x height (for viewing: --upscale). */
    public static Clip resize(Clip clip, int width, int height) {
        List<byte[]> frames = new ArrayList<>();
        for (int t = 0; t < clip.frameCount(); t++) {
            frames.add(rgb(resize(clip.frameImage(t), width, height)));
        }
        return Clip.of(frames, width, height, clip.fps());
    }

    /** Picks {@code frames} frames spread evenly over the clip (nearest frame), so a control of any length fits. */
    public static Clip resampleFrames(Clip clip, int frames) {
        if (clip.frameCount() == frames) {
            return clip;
        }
        List<byte[]> out = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            int source = frames == 1 ? 0 : (int) Math.round((double) t * (clip.frameCount() - 1) / (frames - 1));
            out.add(clip.frameRgb(source));
        }
        return Clip.of(out, clip.width(), clip.height(), clip.fps());
    }

    /**
     * The latent-resolution mask [latentFrames][h / f][w / f] of a 0..255 picture mask: 1 where every picture pixel
     * the latent stands for is given (latent frame 0 is picture frame 0; latent frame j is frames 2j - 1 and 2j).
     */
    public static float[] latentMask(byte[] mask, int frames, int width, int height, int latentFrames, int factor) {
        int lw = width / factor, lh = height / factor, plane = width * height;
        float[] out = new float[latentFrames * lw * lh];
        for (int j = 0; j < latentFrames; j++) {
            int first = j == 0 ? 0 : 2 * j - 1, last = j == 0 ? 0 : 2 * j;
            for (int y = 0; y < lh; y++) {
                for (int x = 0; x < lw; x++) {
                    boolean given = true;
                    for (int t = first; t <= last && given; t++) {
                        int frame = Math.min(t, frames - 1);
                        for (int dy = 0; dy < factor && given; dy++) {
                            for (int dx = 0; dx < factor && given; dx++) {
                                given = (mask[frame * plane + (y * factor + dy) * width + x * factor + dx] & 0xff) >= 128;
                            }
                        }
                    }
                    out[(j * lh + y) * lw + x] = given ? 1f : 0f;
                }
            }
        }
        return out;
    }

    private static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    private static byte[] rgb(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y), i = (y * w + x) * 3;
                out[i] = (byte) (p >> 16);
                out[i + 1] = (byte) (p >> 8);
                out[i + 2] = (byte) p;
            }
        }
        return out;
    }
}
