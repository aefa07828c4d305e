package io.auteur.previs.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.auteur.previs.Ground;
import io.auteur.previs.GroundPattern;
import io.auteur.previs.Light;
import io.auteur.previs.LightTone;
import io.auteur.previs.NamedColour;
import io.auteur.previs.Sky;
import io.auteur.previs.math.Mat4;
import io.auteur.previs.math.Vec3;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RasterizerTest {
    private static final Ground PLAIN_GREY = new Ground(GroundPattern.PLAIN, NamedColour.GREY);
    private static final Surface MATTE_RED = Surface.matte(NamedColour.RED.rgb());
    private static final Surface MATTE_BLUE = Surface.matte(NamedColour.BLUE.rgb());

    private static RenderedFrame render(FrameRequest request, int supersampling) {
        return new Rasterizer(request.width(), request.height(), supersampling).render(request);
    }

    private static FrameRequest still(int width, int height, CameraView camera, Light light, Ground ground,
            List<RenderItem> items) {
        return FrameRequest.stillCamera(width, height, camera, light, Sky.CLEAR, ground, items);
    }

    private static RenderItem sphere(int id, Vec3 centre, double radius, Surface surface) {
        return RenderItem.still(id, Meshes.sphere(24), Mat4.translation(centre).times(Mat4.scale(radius, radius, radius)),
                surface);
    }

    @ParameterizedTest(name = "{0}x{1}, supersampling {2}")
    @CsvSource({"64, 48, 1", "64, 48, 2", "96, 64, 3", "160, 90, 4"})
    void aSmallSphereLandsOnThePixelItsCentreProjectsToAtItsMetricDepth(int width, int height, int supersampling) {
        CameraView camera = new CameraView(new Vec3(0.3, 1.2, 5), new Vec3(0, 1, 0), 50);
        Vec3 centre = new Vec3(0.6, 1.3, 0.4);
        double radius = 0.06;
        RenderedFrame frame = render(still(width, height, camera, Light.standard(), PLAIN_GREY,
                List.of(sphere(7, centre, radius, MATTE_RED))), supersampling);

        Pinhole pinhole = new Pinhole(camera, width, height);
        double[] expected = pinhole.project(centre);
        double sumX = 0, sumY = 0;
        int count = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (frame.instance()[y * width + x] == 7) {
                    sumX += x + 0.5;
                    sumY += y + 0.5;
                    count++;
                }
            }
        }
        assertThat(count).isPositive();
        assertThat(sumX / count).isCloseTo(expected[0], within(0.5));
        assertThat(sumY / count).isCloseTo(expected[1], within(0.5));

        // at the pixel under the centre, the depth is where that pixel's ray meets the sphere, along the axis
        int px = (int) expected[0], py = (int) expected[1];
        Vec3 ray = pinhole.ray(px + 0.5, py + 0.5);
        Vec3 toCentre = centre.minus(camera.eye());
        double b = ray.dot(toCentre), a = ray.dot(ray), c = toCentre.dot(toCentre) - radius * radius;
        double t = (b - Math.sqrt(b * b - a * c)) / a; // ray's forward component is 1: t is the axis depth
        assertThat(frame.instance()[py * width + px]).isEqualTo((short) 7);
        assertThat((double) frame.depth()[py * width + px]).isCloseTo(t, within(0.01 * t));
        assertThat((double) frame.depth()[py * width + px]).isCloseTo(t, within(0.002));
    }

    @Test
    void theNearerOfTwoItemsHidesTheFartherWhicheverIsDrawnFirst() {
        CameraView camera = new CameraView(new Vec3(0, 1, 5), new Vec3(0, 1, 0), 40);
        RenderItem near = sphere(2, new Vec3(0, 1, 1), 0.3, MATTE_RED);
        RenderItem far = sphere(3, new Vec3(0.1, 1, -1), 0.6, MATTE_BLUE);
        for (List<RenderItem> order : List.of(List.of(near, far), List.of(far, near))) {
            RenderedFrame frame = render(still(64, 64, camera, Light.standard(), PLAIN_GREY, order), 2);
            int centre = 32 * 64 + 32;
            assertThat(frame.instance()[centre]).isEqualTo((short) 2);
            assertThat((double) frame.depth()[centre]).isCloseTo(3.7, within(0.01));
            byte[] rgb = frame.rgb();
            assertThat(rgb[3 * centre] & 0xFF).as("red shows, not blue").isGreaterThan(rgb[3 * centre + 2] & 0xFF);
            long farPixels = count(frame.instance(), (short) 3);
            assertThat(farPixels).as("the far sphere still shows around the near one").isPositive();
        }
    }

    @Test
    void theGroundHidesWhatSinksBelowIt() {
        CameraView camera = new CameraView(new Vec3(0, 2, 4), new Vec3(0, 0, 0), 45);
        RenderItem buried = sphere(2, new Vec3(-1, -1, 0), 0.5, MATTE_RED);
        RenderItem halfSunk = sphere(3, new Vec3(1, 0, 0), 0.5, MATTE_BLUE);
        int size = 96;
        RenderedFrame frame = render(still(size, size, camera, Light.standard(), PLAIN_GREY, List.of(buried, halfSunk)), 2);
        assertThat(count(frame.instance(), (short) 2)).isZero();
        assertThat(count(frame.instance(), (short) 3)).isPositive();
        Pinhole pinhole = new Pinhole(camera, size, size);
        for (int i = 0; i < size * size; i++) {
            if (frame.instance()[i] == 3) {
                Vec3 seen = camera.eye().plus(pinhole.ray(i % size + 0.5, i / size + 0.5).times(frame.depth()[i]));
                assertThat(seen.y()).isGreaterThan(-0.01);
            }
        }
    }

    @Test
    void aSphereShadowsTheGroundAwayFromTheSunAndNotOnTheSunnySide() {
        Light sunFromPlusX = new Light(new Vec3(1, 1, 0), LightTone.NEUTRAL, 0.3);
        CameraView camera = new CameraView(new Vec3(0, 3, 4), new Vec3(0, 0, 0), 50);
        Vec3 centre = new Vec3(0, 0.8, 0);
        int size = 128;
        RenderedFrame frame = render(still(size, size, camera, sunFromPlusX, PLAIN_GREY,
                List.of(sphere(2, centre, 0.3, MATTE_RED))), 2);
        Pinhole pinhole = new Pinhole(camera, size, size);

        // the centre's shadow falls along -towardSun to y = 0: 0.8 m toward -x
        int shadowed = pixelAt(pinhole, new Vec3(-0.8, 0, 0));
        int mirrored = pixelAt(pinhole, new Vec3(0.8, 0, 0));
        assertThat(frame.instance()[shadowed]).isEqualTo(RenderedFrame.GROUND);
        assertThat(frame.instance()[mirrored]).isEqualTo(RenderedFrame.GROUND);
        int litGrey = frame.rgb()[3 * mirrored] & 0xFF;
        assertThat(frame.rgb()[3 * shadowed] & 0xFF).isLessThan((int) (0.7 * litGrey));

        // every ground pixel on the sunny side (x > 0.1) is the same lit grey, away from the sphere's outline
        for (int i = size + 1; i < size * size - size - 1; i++) {
            if (frame.instance()[i] == RenderedFrame.GROUND && frame.instance()[i - 1] == RenderedFrame.GROUND
                    && frame.instance()[i + 1] == RenderedFrame.GROUND && frame.instance()[i - size] == RenderedFrame.GROUND
                    && frame.instance()[i + size] == RenderedFrame.GROUND) {
                Vec3 seen = camera.eye().plus(pinhole.ray(i % size + 0.5, i / size + 0.5).times(frame.depth()[i]));
                if (seen.x() > 0.1) {
                    assertThat(frame.rgb()[3 * i] & 0xFF).as("ground at %s", seen).isCloseTo(litGrey, within(1));
                }
            }
        }
    }

    @Test
    void renderingIsDeterministic() {
        FrameRequest request = TestScenes.trainingFrame(64, 64, 8, 6);
        Rasterizer rasterizer = new Rasterizer(64, 64, 2);
        RenderedFrame first = rasterizer.render(request);
        rasterizer.render(TestScenes.trainingFrame(64, 64, 12, 8)); // something else in between
        RenderedFrame again = rasterizer.render(request);
        RenderedFrame fresh = new Rasterizer(64, 64, 2).render(request);
        for (RenderedFrame other : List.of(again, fresh)) {
            assertThat(other.rgb()).isEqualTo(first.rgb());
            assertThat(other.depth()).isEqualTo(first.depth());
            assertThat(other.normals()).isEqualTo(first.normals());
            assertThat(other.instance()).isEqualTo(first.instance());
            assertThat(other.flow()).isEqualTo(first.flow());
        }
    }

    @Test
    void supersamplingBlendsColoursAlongSilhouettes() {
        CameraView camera = new CameraView(new Vec3(0, 3, 3), new Vec3(0, 0.3, 0), 40);
        Light light = new Light(new Vec3(0.3, 1, 0.6), LightTone.NEUTRAL, 0.3);
        double half = 0.45;
        Mat4 model = Mat4.translation(new Vec3(0, half, 0)).times(Mat4.rotation(Vec3.UNIT_Y, 0.5))
                .times(Mat4.scale(half * Math.sqrt(3), half * Math.sqrt(3), half * Math.sqrt(3)));
        FrameRequest request = still(80, 80, camera, light, PLAIN_GREY,
                List.of(RenderItem.still(2, Meshes.cube(), model, MATTE_BLUE)));
        double single = fractionOfBlendedSilhouettePixels(render(request, 1));
        double multiple = fractionOfBlendedSilhouettePixels(render(request, 2));
        assertThat(single).isLessThan(0.05);
        assertThat(multiple).isGreaterThan(0.25);
    }

    /** Silhouette pixels whose colour is none of the flat colours (cube faces, lit and shadowed ground). */
    private static double fractionOfBlendedSilhouettePixels(RenderedFrame frame) {
        int w = frame.width(), h = frame.height();
        List<int[]> pure = new ArrayList<>();
        for (int y = 2; y < h - 2; y++) {
            for (int x = 2; x < w - 2; x++) {
                int i = y * w + x;
                boolean uniform = true;
                for (int dy = -2; dy <= 2; dy++) {
                    for (int dx = -2; dx <= 2; dx++) {
                        uniform &= frame.instance()[i + dy * w + dx] == frame.instance()[i]
                                && colourDistance(frame.rgb(), i, i + dy * w + dx) == 0;
                    }
                }
                if (uniform) {
                    pure.add(new int[] {i});
                }
            }
        }
        int silhouette = 0, blended = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                short id = frame.instance()[i];
                if (id == frame.instance()[i - 1] && id == frame.instance()[i + 1] && id == frame.instance()[i - w]
                        && id == frame.instance()[i + w]) {
                    continue;
                }
                silhouette++;
                boolean matchesPure = false;
                for (int[] p : pure) {
                    matchesPure |= colourDistance(frame.rgb(), i, p[0]) <= 3;
                }
                if (!matchesPure) {
                    blended++;
                }
            }
        }
        assertThat(silhouette).isGreaterThan(50);
        return (double) blended / silhouette;
    }

    @ParameterizedTest(name = "supersampling {0}")
    @CsvSource({"1", "2", "3"})
    void trianglesSharingEdgesLeaveNoCracks(int supersampling) {
        // a finely tessellated red sphere over a blue sky: a crack would let blue through inside the outline
        CameraView camera = new CameraView(new Vec3(0, 1, 2.2), new Vec3(0, 1.3, 0), 60);
        Vec3 centre = new Vec3(0, 1.3, 0);
        int size = 160;
        RenderedFrame frame = render(still(size, size, camera, Light.standard(), PLAIN_GREY,
                List.of(RenderItem.still(2, Meshes.sphere(96), Mat4.translation(centre).times(Mat4.scale(1, 1, 1)),
                        MATTE_RED))), supersampling);
        Pinhole pinhole = new Pinhole(camera, size, size);
        double[] middle = pinhole.project(centre);
        double radius = pinhole.focalPixels() * Math.tan(Math.asin(1 / centre.minus(camera.eye()).length()));
        int inside = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (Math.hypot(x + 0.5 - middle[0], y + 0.5 - middle[1]) < 0.9 * radius) {
                    int i = y * size + x;
                    inside++;
                    assertThat(frame.instance()[i]).isEqualTo((short) 2);
                    assertThat(frame.rgb()[3 * i + 2] & 0xFF).as("blue at %d, %d", x, y)
                            .isLessThan(frame.rgb()[3 * i] & 0xFF);
                }
            }
        }
        assertThat(inside).isGreaterThan(5000);
    }

    @Test
    void edgesOutlineASphereInLinesOnePixelThick() {
        CameraView camera = new CameraView(new Vec3(0, 2.5, 4), new Vec3(0, 0.5, 0), 45);
        int size = 96;
        RenderedFrame frame = render(still(size, size, camera, Light.standard(), PLAIN_GREY,
                List.of(sphere(2, new Vec3(0, 0.5, 0), 0.5, MATTE_RED))), 2);
        byte[] edges = frame.edges();
        short[] id = frame.instance();
        int boundary = 0, boundaryMarked = 0, interior = 0, interiorMarked = 0, outsideMarked = 0;
        for (int y = 2; y < size - 2; y++) {
            for (int x = 2; x < size - 2; x++) {
                int i = y * size + x;
                if (id[i] != 2) {
                    outsideMarked += edges[i] != 0 ? 1 : 0;
                    continue;
                }
                boolean touchesOutside = id[i - 1] != 2 || id[i + 1] != 2 || id[i - size] != 2 || id[i + size] != 2;
                boolean deepInside = true;
                for (int dy = -2; dy <= 2; dy++) {
                    for (int dx = -2; dx <= 2; dx++) {
                        deepInside &= id[i + dy * size + dx] == 2;
                    }
                }
                if (touchesOutside) {
                    boundary++;
                    boundaryMarked += edges[i] != 0 ? 1 : 0;
                } else if (deepInside) {
                    interior++;
                    interiorMarked += edges[i] != 0 ? 1 : 0;
                }
            }
        }
        assertThat(boundary).isGreaterThan(60);
        assertThat(interior).isGreaterThan(300);
        assertThat(boundaryMarked).isEqualTo(boundary);
        assertThat(interiorMarked).isZero();
        assertThat(outsideMarked).as("lines sit on the sphere, not on the ground beside it").isZero();
    }

    @Test
    void aCameraInsideOrTouchingACubeRendersWithoutNaNs() {
        Mat4 cube = Mat4.translation(new Vec3(0, 0.5, 0)).times(Mat4.scale(0.5 * Math.sqrt(3), 0.5 * Math.sqrt(3), 0.5 * Math.sqrt(3)));
        List<CameraView> cameras = List.of(
                new CameraView(new Vec3(0, 0.5, 0), new Vec3(0.3, 0.4, -2), 60), // inside
                new CameraView(new Vec3(0, 0.5, 0.5), new Vec3(0, 0.5, -3), 60), // on the front face
                new CameraView(new Vec3(0.5, 1.0, 0.5), new Vec3(-1, 0, -1), 90), // on a corner
                new CameraView(new Vec3(0, 0.5, 0.5 + 1e-4), new Vec3(0.2, 0.5, -3), 60)); // a hair outside
        for (CameraView camera : cameras) {
            RenderedFrame frame = render(still(48, 32, camera, Light.standard(), PLAIN_GREY,
                    List.of(RenderItem.still(2, Meshes.cube(), cube, MATTE_BLUE))), 2);
            assertAllFinite(frame);
        }
    }

    @Test
    void trianglesCrossingTheNearPlaneAreClippedNotDroppedOrExploded() {
        // a long low box runs from behind the camera to far ahead, under it
        Mat4 box = Mat4.translation(new Vec3(0, 0.2, 0))
                .times(Mat4.scale(0.5 * Math.sqrt(3), 0.2 * Math.sqrt(3), 20 * Math.sqrt(3)));
        CameraView camera = new CameraView(new Vec3(0, 1, 0), new Vec3(0, 0.6, -5), 60);
        int width = 64, height = 48;
        RenderedFrame frame = render(still(width, height, camera, Light.standard(), PLAIN_GREY,
                List.of(RenderItem.still(2, Meshes.cube(), box, MATTE_BLUE))), 2);
        assertAllFinite(frame);
        Pinhole pinhole = new Pinhole(camera, width, height);
        for (int y : new int[] {height - 1, height - 5, height - 10}) {
            int i = y * width + width / 2;
            Vec3 ray = pinhole.ray(width / 2 + 0.5, y + 0.5);
            double expectedDepth = (0.4 - 1) / ray.y(); // meets the box top y = 0.4
            assertThat(frame.instance()[i]).as("row %d", y).isEqualTo((short) 2);
            assertThat((double) frame.depth()[i]).as("row %d", y).isCloseTo(expectedDepth, within(0.001 * expectedDepth));
        }
    }

    @Test
    void aMirroredItemStillShowsItsOutside() {
        CameraView camera = TestScenes.STANDARD_CAMERA;
        Mat4 mirrored = Mat4.translation(new Vec3(0, 0.5, 0)).times(Mat4.scale(-0.5, 0.5, 0.5));
        RenderedFrame plain = render(still(64, 64, camera, Light.standard(), PLAIN_GREY,
                List.of(sphere(2, new Vec3(0, 0.5, 0), 0.5, MATTE_RED))), 1);
        RenderedFrame flipped = render(still(64, 64, camera, Light.standard(), PLAIN_GREY,
                List.of(RenderItem.still(2, Meshes.sphere(24), mirrored, MATTE_RED))), 1);
        assertThat(count(flipped.instance(), (short) 2)).isCloseTo(count(plain.instance(), (short) 2), within(4L));
        Pinhole pinhole = new Pinhole(camera, 64, 64);
        int i = pixelAt(pinhole, new Vec3(0, 0.5, 0.5));
        float[] n = flipped.normals();
        assertThat((double) n[3 * i + 2]).as("normal faces the camera").isGreaterThan(0.8);
    }

    @Test
    void controlBuffersAreConsistentWithEachOther() {
        RenderedFrame frame = render(TestScenes.trainingFrame(64, 64, 8, 6), 2);
        int sky = 0, ground = 0, items = 0;
        for (int i = 0; i < 64 * 64; i++) {
            short id = frame.instance()[i];
            float[] n = frame.normals();
            double length = Math.sqrt(n[3 * i] * n[3 * i] + n[3 * i + 1] * n[3 * i + 1] + n[3 * i + 2] * n[3 * i + 2]);
            if (id == RenderedFrame.SKY) {
                sky++;
                assertThat(frame.depth()[i]).isEqualTo(Float.POSITIVE_INFINITY);
                assertThat(length).isZero();
                assertThat(frame.normalisedDepth()[i]).isZero();
            } else {
                assertThat(frame.depth()[i]).isBetween(0.5f, 1000f);
                assertThat(length).isCloseTo(1, within(1e-5));
                if (id == RenderedFrame.GROUND) {
                    ground++;
                    assertThat(n[3 * i + 1]).isEqualTo(1f);
                } else {
                    items++;
                    assertThat(id).isBetween((short) 2, (short) 6);
                }
            }
            assertThat(frame.flow()[2 * i]).as("a still scene does not move").isZero();
            assertThat(frame.flow()[2 * i + 1]).isZero();
        }
        assertThat(sky).isPositive();
        assertThat(ground).isPositive();
        assertThat(items).isPositive();
        byte[] grey = frame.normalisedDepth();
        int brightest = 0;
        for (byte g : grey) {
            brightest = Math.max(brightest, g & 0xFF);
        }
        assertThat(brightest).isEqualTo(255);
        assertThat(frame.rgb()).hasSize(3 * 64 * 64);
    }

    @Test
    void sizesOutside16x16To1920x1080AreRejected() {
        for (int[] size : new int[][] {{15, 16}, {16, 15}, {1921, 1080}, {1920, 1081}, {0, 0}, {-16, 64}}) {
            assertThatThrownBy(() -> new Rasterizer(size[0], size[1], 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(size[0] + "x" + size[1]);
            assertThatThrownBy(() -> FrameRequest.stillCamera(size[0], size[1], TestScenes.STANDARD_CAMERA,
                    Light.standard(), Sky.CLEAR, PLAIN_GREY, List.of())).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new Rasterizer(64, 64, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("supersampling");
        assertThatThrownBy(() -> new Rasterizer(64, 64, Rasterizer.MAX_SUPERSAMPLING + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rasterizer(64, 64, 1).render(still(32, 32, TestScenes.STANDARD_CAMERA,
                Light.standard(), PLAIN_GREY, List.of()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32x32");
        for (int[] size : new int[][] {{16, 16}, {1920, 1080}, {16, 1080}, {1920, 16}}) {
            assertThatCode(() -> render(still(size[0], size[1], TestScenes.STANDARD_CAMERA, Light.standard(),
                    PLAIN_GREY, List.of(sphere(2, new Vec3(0, 0.5, 0), 0.5, MATTE_RED))), 1))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void cameraLookingStraightDownIsRejectedBecauseUpIsY() {
        assertThatThrownBy(() -> new CameraView(new Vec3(0, 5, 0), new Vec3(0, 0, 0), 45))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("straight");
    }

    static void assertAllFinite(RenderedFrame frame) {
        for (int i = 0; i < frame.width() * frame.height(); i++) {
            assertThat(frame.depth()[i]).isNotNaN().isPositive();
            assertThat(frame.flow()[2 * i]).isFinite();
            assertThat(frame.flow()[2 * i + 1]).isFinite();
            for (int c = 0; c < 3; c++) {
                assertThat(frame.normals()[3 * i + c]).isFinite();
            }
        }
    }

    static int pixelAt(Pinhole pinhole, Vec3 point) {
        double[] p = pinhole.project(point);
        return (int) p[1] * pinhole.width() + (int) p[0];
    }

    static long count(short[] instance, short id) {
        long n = 0;
        for (short s : instance) {
            n += s == id ? 1 : 0;
        }
        return n;
    }

    private static int colourDistance(byte[] rgb, int a, int b) {
        int d = 0;
        for (int c = 0; c < 3; c++) {
            d = Math.max(d, Math.abs((rgb[3 * a + c] & 0xFF) - (rgb[3 * b + c] & 0xFF)));
        }
        return d;
    }
}
