package io.auteur.provenance.watermark;

import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.ShotRenderer;
import io.auteur.previs.caption.PromptParser;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;

/** Videos for the watermark tests: the shared footage, previs renders, synthetic texture, and FFmpeg attacks. */
final class TestVideos {
    private static Clip footage;

    private TestVideos() {}

    /** ../shared/fixtures/footage/waterfall-720x1280.mp4; fails clearly when ../shared is missing. */
    static Path footagePath() {
        String root = System.getProperty("auteur.shared", "../shared");
        Path file = Path.of(root).resolve("fixtures/footage/waterfall-720x1280.mp4").toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing shared fixture " + file
                    + ": watermark tests need ../shared (fixtures/footage) checked out beside the repository");
        }
        return file;
    }

    static synchronized Clip footage() {
        if (footage == null) {
            footage = Video.read(footagePath(), Limits.DEFAULT);
        }
        return footage;
    }

    static Clip previs(String prompt, int width, int height, double seconds) {
        return previs(prompt, width, height, seconds, 30);
    }

    static Clip previs(String prompt, int width, int height, double seconds, int fps) {
        ShotRenderer renderer = new ShotRenderer(new PromptParser().parse(prompt), RenderSettings.of(width, height, seconds, fps));
        List<byte[]> frames = new ArrayList<>();
        for (int t = 0; t < renderer.settings().frameCount(); t++) {
            frames.add(renderer.render(t).frame().rgb());
        }
        return Clip.of(frames, width, height, fps);
    }

    /** Smooth random texture drifting one pixel per frame: a stand-in for camera footage at any size. */
    static Clip texture(int width, int height, int frames, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int coarse = 6;
        int cw = width / coarse + 3 + frames, ch = height / coarse + 3;
        float[] field = new float[cw * ch];
        for (int i = 0; i < field.length; i++) {
            field[i] = (float) random.nextDouble(40, 215);
        }
        List<byte[]> out = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            byte[] rgb = new byte[width * height * 3];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double gx = (x + t) / (double) coarse, gy = y / (double) coarse;
                    int x0 = (int) gx, y0 = (int) gy;
                    double wx = gx - x0, wy = gy - y0;
                    double v = field[y0 * cw + x0] * (1 - wx) * (1 - wy) + field[y0 * cw + x0 + 1] * wx * (1 - wy)
                            + field[(y0 + 1) * cw + x0] * (1 - wx) * wy + field[(y0 + 1) * cw + x0 + 1] * wx * wy;
                    int grain = random.nextInt(-6, 7);
                    int i = 3 * (y * width + x);
                    rgb[i] = (byte) Math.max(0, Math.min(255, (int) v + grain));
                    rgb[i + 1] = (byte) Math.max(0, Math.min(255, (int) (0.8 * v) + grain));
                    rgb[i + 2] = (byte) Math.max(0, Math.min(255, (int) (0.6 * v) + 30 + grain));
                }
            }
            out.add(rgb);
        }
        return Clip.of(out, width, height, 30);
    }

    /** Runs a clip through an FFmpeg filter graph (e.g. {@code scale=iw*0.75:ih*0.75}). */
    static Clip filter(Clip clip, String graph) throws Exception {
        List<byte[]> out = new ArrayList<>();
        int width = 0, height = 0;
        try (FFmpegFrameFilter filter = new FFmpegFrameFilter(graph, clip.width(), clip.height())) {
            filter.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            filter.setFrameRate(clip.fps());
            filter.start();
            Frame in = new Frame(clip.width(), clip.height(), Frame.DEPTH_UBYTE, 3);
            for (int t = 0; t <= clip.frameCount(); t++) {
                if (t < clip.frameCount()) {
                    ByteBuffer buffer = (ByteBuffer) in.image[0];
                    byte[] rgb = clip.frameRgb(t);
                    for (int y = 0; y < clip.height(); y++) {
                        buffer.position(y * in.imageStride);
                        buffer.put(rgb, y * clip.width() * 3, clip.width() * 3);
                    }
                    buffer.position(0);
                    filter.push(in, avutil.AV_PIX_FMT_RGB24);
                }
                Frame result;
                while ((result = filter.pull()) != null) {
                    width = result.imageWidth;
                    height = result.imageHeight;
                    byte[] rgb = new byte[width * height * 3];
                    ByteBuffer buffer = ((ByteBuffer) result.image[0]).duplicate();
                    for (int y = 0; y < height; y++) {
                        buffer.position(y * result.imageStride);
                        buffer.get(rgb, y * width * 3, width * 3);
                    }
                    out.add(rgb);
                }
            }
        }
        return Clip.of(out, width, height, clip.fps());
    }
}
