package io.auteur.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.previs.render.RenderedFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpticalFlowTest {
    @Test
    void flowFromAPrevisRenderAgreesWithTheRenderedFlow() {
        PrevisShots shots = PrevisShots.render(
                "a red sphere rolls to the right on a checkered floor while the camera pans left", 128, 128, 12, 8);
        List<FlowField> estimated = OpticalFlow.forward(shots.clip());
        assertThat(estimated).hasSize(11);

        Endpoint error = new Endpoint();
        for (int t = 0; t < estimated.size(); t++) {
            error.add(estimated.get(t), shots.frames().get(t).frame(), shots.frames().get(t + 1).frame());
        }
        System.out.printf("flow end-point error %.3f px on %d pixels; the zero-flow guess is off by %.3f px%n",
                error.mean(), error.pixels, error.meanMotion());
        assertThat(error.pixels).as("most of the picture is compared").isGreaterThan(11 * 128 * 128 / 2);
        // Measured 0.57 px against 2.75 px of true motion. The bound: sub-pixel, which is what DIS reaches on
        // textured Middlebury-like scenes, and well under half the motion, so a flow that ignored part of it fails.
        assertThat(error.mean()).isLessThan(1.0);
        assertThat(error.mean()).isLessThan(0.4 * error.meanMotion());
    }

    /**
     * End-point error on pixels whose flow is observable: not sky (flat colour, no texture to follow, though the
     * pan moves it), not next to an edge (where a pixel mixes two motions), and not occluded (the surface the
     * rendered flow points to in the next frame is the same instance).
     */
    private static final class Endpoint {
        double sum;
        double motion;
        long pixels;

        void add(FlowField estimate, RenderedFrame now, RenderedFrame next) {
            int w = now.width(), h = now.height();
            float[] truth = now.flow();
            byte[] edges = now.edges();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    if (now.instance()[p] == RenderedFrame.SKY || nearEdge(edges, w, h, x, y)) {
                        continue;
                    }
                    int qx = Math.round(x + truth[2 * p]), qy = Math.round(y + truth[2 * p + 1]);
                    if (qx < 0 || qy < 0 || qx >= w || qy >= h || next.instance()[qy * w + qx] != now.instance()[p]) {
                        continue;
                    }
                    sum += Math.hypot(estimate.dxdy()[2 * p] - truth[2 * p], estimate.dxdy()[2 * p + 1] - truth[2 * p + 1]);
                    motion += Math.hypot(truth[2 * p], truth[2 * p + 1]);
                    pixels++;
                }
            }
        }

        double mean() {
            return sum / pixels;
        }

        double meanMotion() {
            return motion / pixels;
        }

        private static boolean nearEdge(byte[] edges, int w, int h, int x, int y) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int u = x + dx, v = y + dy;
                    if (u >= 0 && v >= 0 && u < w && v < h && edges[v * w + u] != 0) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
