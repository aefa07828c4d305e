package io.auteur.previs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import io.auteur.previs.caption.PromptParser;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrevisVideoTest {
    @TempDir
    Path dir;

    @Test
    void controlVideosLineUpWithThePictureFrameByFrame() throws Exception {
        Scene scene = new PromptParser().parse(
                "a red sphere bounces to the right on a checkered floor while the camera pans left");
        RenderSettings settings = RenderSettings.of(128, 128, 1.5, 8);
        PrevisVideo.render(scene, settings, dir.resolve("out.mp4"), Optional.of(dir.resolve("ctl")), frame -> { });

        Clip rgb = Video.read(dir.resolve("out.mp4"), Limits.DEFAULT);
        Clip masks = Video.read(dir.resolve("ctl/masks.mp4"), Limits.DEFAULT);
        Clip depth = Video.read(dir.resolve("ctl/depth.mp4"), Limits.DEFAULT);
        Clip edges = Video.read(dir.resolve("ctl/edges.mp4"), Limits.DEFAULT);
        assertThat(rgb.frameCount()).isEqualTo(12);
        double previousX = Double.NaN;
        for (int t = 0; t < rgb.frameCount(); t++) {
            double[] red = centroid(rgb, t, (r, g, b) -> r > 60 && r > 2 * g && r > 2 * b);
            double[] sphere = centroid(masks, t, (r, g, b) -> r > 180 && g < 80 && b > 40 && b < 120);
            assertThat(red[2]).as("red pixels in frame %d", t).isGreaterThan(20);
            assertThat(red[0]).as("frame %d x", t).isCloseTo(sphere[0], within(1.5));
            assertThat(red[1]).as("frame %d y", t).isCloseTo(sphere[1], within(1.5));
            // the sphere is nearer than the ground behind it, so brighter in inverse depth
            int cx = (int) sphere[0], cy = (int) sphere[1];
            assertThat(depth.sample(t, cx, cy, 0)).isGreaterThan(depth.sample(t, cx, Math.max(0, cy - 40), 0));
            // edges ring the sphere: some edge pixel lies on its silhouette row
            boolean edgeOnRow = false;
            for (int x = 0; x < 128; x++) {
                edgeOnRow |= edges.sample(t, x, cy, 0) > 128;
            }
            assertThat(edgeOnRow).isTrue();
            // bouncing to the right while the camera pans left: it moves right in the picture
            if (!Double.isNaN(previousX)) {
                assertThat(red[0]).isGreaterThan(previousX - 0.5);
            }
            previousX = red[0];
        }
    }

    private interface PixelTest {
        boolean test(int r, int g, int b);
    }

    private static double[] centroid(Clip clip, int frame, PixelTest test) {
        double sx = 0, sy = 0;
        int n = 0;
        for (int y = 0; y < clip.height(); y++) {
            for (int x = 0; x < clip.width(); x++) {
                if (test.test(clip.sample(frame, x, y, 0), clip.sample(frame, x, y, 1), clip.sample(frame, x, y, 2))) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        return new double[] {sx / n, sy / n, n};
    }
}
