package io.auteur.previs.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.auteur.previs.Ground;
import io.auteur.previs.GroundPattern;
import io.auteur.previs.Light;
import io.auteur.previs.NamedColour;
import io.auteur.previs.Sky;
import io.auteur.previs.math.Mat4;
import io.auteur.previs.math.Vec3;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowTest {
    private static final int SIZE = 128;

    /** Frame t of a little animation: three props move and turn while the camera dollies and pans. */
    private static FrameRequest frame(int t) {
        List<RenderItem> items = new ArrayList<>();
        items.add(new RenderItem(2, Meshes.sphere(24), sphereAt(t), sphereAt(t + 1), Surface.matte(NamedColour.RED.rgb())));
        items.add(new RenderItem(3, Meshes.cube(), cubeAt(t), cubeAt(t + 1), Surface.matte(NamedColour.YELLOW.rgb())));
        items.add(new RenderItem(4, Meshes.torus(24), torusAt(t), torusAt(t + 1), Surface.matte(NamedColour.CYAN.rgb())));
        return new FrameRequest(SIZE, SIZE, cameraAt(t), cameraAt(t + 1), Light.standard(), Sky.CLEAR,
                new Ground(GroundPattern.NOISE, NamedColour.GREEN), items);
    }

    private static CameraView cameraAt(int t) {
        Vec3 eye = new Vec3(0.3 - 0.1 * t, 2, 6 - 0.12 * t);
        return new CameraView(eye, new Vec3(0.1 * t, 0.5, 0), 50);
    }

    private static Mat4 sphereAt(int t) {
        return Mat4.translation(new Vec3(-1.2 + 0.1 * t, 0.5, 0.3)).times(Mat4.scale(0.5, 0.5, 0.5));
    }

    private static Mat4 cubeAt(int t) {
        double s = 0.4 * Math.sqrt(3);
        return Mat4.translation(new Vec3(0.8, 0.4, -0.3 + 0.1 * t)).times(Mat4.rotation(Vec3.UNIT_Y, 0.3 + 0.03 * t))
                .times(Mat4.scale(s, s, s));
    }

    private static Mat4 torusAt(int t) {
        return Mat4.translation(new Vec3(0, 0.6 + 0.06 * t, 1.4)).times(Mat4.rotation(Vec3.UNIT_X, 0.9 + 0.03 * t))
                .times(Mat4.scale(0.5, 0.5, 0.5));
    }

    @Test
    void warpingTheNextFrameBackByTheFlowReproducesThisFrame() {
        Rasterizer rasterizer = new Rasterizer(SIZE, SIZE, 2);
        RenderedFrame now = rasterizer.render(frame(0));
        RenderedFrame next = rasterizer.render(frame(1));

        WarpError byFlow = warpError(now, next, true);
        System.out.println("flow warp: " + byFlow);
        assertThat(byFlow.compared()).isGreaterThan(SIZE * SIZE / 2);
        assertThat(byFlow.itemPixels()).as("moving items are part of the comparison").isGreaterThan(500);
        assertThat(byFlow.groundPixels()).isGreaterThan(3000);
        assertThat(byFlow.meanError()).as("mean error in 8-bit levels").isLessThan(3);
        assertThat(byFlow.meanItemError()).as("mean error on items").isLessThan(3);
        assertThat(byFlow.fractionWithin8()).isGreaterThanOrEqualTo(0.95);

        // the control: assuming nothing moved explains the next frame far worse
        WarpError standingStill = warpError(now, next, false);
        assertThat(standingStill.meanError()).isGreaterThan(2 * byFlow.meanError());
        assertThat(standingStill.meanItemError()).isGreaterThan(2 * byFlow.meanItemError());
    }

    record WarpError(int compared, int itemPixels, int groundPixels, double meanError, double meanItemError,
            double fractionWithin8) {}

    /**
     * Samples the next frame at p + flow(p) (bilinear) and compares with this frame at p, on pixels away from
     * edges whose destination shows the same instance at a consistent depth (so not occluded).
     */
    private static WarpError warpError(RenderedFrame now, RenderedFrame next, boolean useFlow) {
        byte[] edgesNow = now.edges(), edgesNext = next.edges();
        double totalError = 0, itemError = 0;
        int compared = 0, close = 0, itemPixels = 0, groundPixels = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int i = y * SIZE + x;
                if (nearEdge(edgesNow, x, y)) {
                    continue;
                }
                double tx = x + 0.5 + (useFlow ? now.flow()[2 * i] : 0);
                double ty = y + 0.5 + (useFlow ? now.flow()[2 * i + 1] : 0);
                int dx = (int) Math.floor(tx), dy = (int) Math.floor(ty);
                if (dx < 1 || dy < 1 || dx >= SIZE - 1 || dy >= SIZE - 1 || nearEdge(edgesNext, dx, dy)) {
                    continue;
                }
                int j = dy * SIZE + dx;
                if (next.instance()[j] != now.instance()[i]) {
                    continue;
                }
                if (Float.isFinite(now.depth()[i])
                        && Math.abs(next.depth()[j] - now.depth()[i]) > 0.1 * now.depth()[i]) {
                    continue;
                }
                double error = 0;
                for (int c = 0; c < 3; c++) {
                    error = Math.max(error, Math.abs(bilinear(next.rgb(), tx, ty, c) - (now.rgb()[3 * i + c] & 0xFF)));
                }
                totalError += error;
                compared++;
                close += error <= 8 ? 1 : 0;
                if (now.instance()[i] >= 2) {
                    itemPixels++;
                    itemError += error;
                }
                groundPixels += now.instance()[i] == RenderedFrame.GROUND ? 1 : 0;
            }
        }
        return new WarpError(compared, itemPixels, groundPixels, totalError / compared, itemError / itemPixels,
                (double) close / compared);
    }

    @Test
    void theFlowActuallyMovesThingsInThatScene() {
        RenderedFrame now = new Rasterizer(SIZE, SIZE, 2).render(frame(0));
        double largest = 0;
        for (int i = 0; i < SIZE * SIZE; i++) {
            largest = Math.max(largest, Math.hypot(now.flow()[2 * i], now.flow()[2 * i + 1]));
        }
        assertThat(largest).isGreaterThan(2);
    }

    @Test
    void aPurePanMovesGroundAndSkyAlikeByTheRotationAlone() {
        // the camera turns about its own eye: every pixel moves by the rotation's homography, whatever its depth
        Vec3 eye = new Vec3(0.5, 1.6, 4);
        Vec3 forward = new Vec3(-0.2, -0.25, -1).normalized();
        CameraView now = new CameraView(eye, eye.plus(forward), 55);
        Vec3 turned = Mat4.rotation(Vec3.UNIT_Y, Math.toRadians(3)).transformDirection(forward);
        CameraView next = new CameraView(eye, eye.plus(turned.times(7)), 55);
        int width = 96, height = 64;
        RenderedFrame frame = new Rasterizer(width, height, 2).render(new FrameRequest(width, height, now, next,
                Light.standard(), Sky.SUNSET, new Ground(GroundPattern.CHECKER, NamedColour.WHITE), List.of()));

        Pinhole before = new Pinhole(now, width, height), after = new Pinhole(next, width, height);
        int ground = 0, sky = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                double[] expected = after.projectDirection(before.ray(x + 0.5, y + 0.5));
                assertThat((double) frame.flow()[2 * i]).isCloseTo(expected[0] - (x + 0.5), within(1e-3));
                assertThat((double) frame.flow()[2 * i + 1]).isCloseTo(expected[1] - (y + 0.5), within(1e-3));
                ground += frame.instance()[i] == RenderedFrame.GROUND ? 1 : 0;
                sky += frame.instance()[i] == RenderedFrame.SKY ? 1 : 0;
            }
        }
        assertThat(ground).isGreaterThan(1000);
        assertThat(sky).isGreaterThan(500);
    }

    @Test
    void aSidewaysStepOfAnItemMovesItsPixelsByFocalTimesStepOverDepth() {
        CameraView camera = new CameraView(new Vec3(0, 1, 5), new Vec3(0, 1, 0), 40);
        Mat4 here = Mat4.translation(new Vec3(0, 1, 0)).times(Mat4.scale(0.4, 0.4, 0.4));
        Mat4 there = Mat4.translation(new Vec3(0.1, 1, 0)).times(Mat4.scale(0.4, 0.4, 0.4));
        FrameRequest request = FrameRequest.stillCamera(64, 64, camera, Light.standard(), Sky.CLEAR,
                new Ground(GroundPattern.PLAIN, NamedColour.GREY),
                List.of(new RenderItem(2, Meshes.cube(), here, there, Surface.matte(NamedColour.RED.rgb()))));
        RenderedFrame frame = new Rasterizer(64, 64, 3).render(request);
        Pinhole pinhole = new Pinhole(camera, 64, 64);
        int checked = 0;
        for (int i = 0; i < 64 * 64; i++) {
            if (frame.instance()[i] == 2) {
                double expected = pinhole.focalPixels() * 0.1 / frame.depth()[i];
                assertThat((double) frame.flow()[2 * i]).isCloseTo(expected, within(1e-3));
                assertThat((double) frame.flow()[2 * i + 1]).isCloseTo(0, within(1e-3));
                checked++;
            } else {
                assertThat(frame.flow()[2 * i]).isZero();
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    private static boolean nearEdge(byte[] edges, int x, int y) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx, yy = y + dy;
                if (xx >= 0 && yy >= 0 && xx < SIZE && yy < SIZE && edges[yy * SIZE + xx] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Channel c of an interleaved RGB image at a continuous position (pixel centres at +0.5). */
    private static double bilinear(byte[] rgb, double x, double y, int c) {
        double fx = x - 0.5, fy = y - 0.5;
        int x0 = Math.max(0, Math.min(SIZE - 2, (int) Math.floor(fx)));
        int y0 = Math.max(0, Math.min(SIZE - 2, (int) Math.floor(fy)));
        double ax = fx - x0, ay = fy - y0;
        double top = (1 - ax) * channel(rgb, x0, y0, c) + ax * channel(rgb, x0 + 1, y0, c);
        double bottom = (1 - ax) * channel(rgb, x0, y0 + 1, c) + ax * channel(rgb, x0 + 1, y0 + 1, c);
        return (1 - ay) * top + ay * bottom;
    }

    private static int channel(byte[] rgb, int x, int y, int c) {
        return rgb[3 * (y * SIZE + x) + c] & 0xFF;
    }
}
