package io.auteur.previs.render;

import io.auteur.previs.Ground;
import io.auteur.previs.GroundPattern;
import io.auteur.previs.Light;
import io.auteur.previs.NamedColour;
import io.auteur.previs.Sky;
import io.auteur.previs.math.Mat4;
import io.auteur.previs.math.Vec3;
import java.util.ArrayList;
import java.util.List;

/** Scenes shared by the rasterizer's tests and its timing program. */
final class TestScenes {
    static final CameraView STANDARD_CAMERA = new CameraView(new Vec3(0, 2, 6), new Vec3(0, 0.6, 0), 45);

    private TestScenes() {
    }

    static Mat4 at(double x, double y, double z, double scale) {
        return Mat4.translation(new Vec3(x, y, z)).times(Mat4.scale(scale, scale, scale));
    }

    /** Four props of the detail a 64x64 training clip uses. */
    static List<RenderItem> props(int detail) {
        List<RenderItem> items = new ArrayList<>();
        items.add(RenderItem.still(2, Meshes.sphere(detail), at(-1.3, 0.5, 0, 0.5),
                new Surface(NamedColour.RED.rgb(), 0.6, 48)));
        items.add(RenderItem.still(3, Meshes.cube(), Mat4.translation(new Vec3(1.4, 0.41, -0.4))
                .times(Mat4.rotation(Vec3.UNIT_Y, 0.5)).times(Mat4.scale(0.7, 0.7, 0.7)),
                Surface.matte(NamedColour.BLUE.rgb())));
        items.add(RenderItem.still(4, Meshes.cylinder(detail), at(-0.4, 0.5, -1.5, 0.7),
                Surface.matte(NamedColour.YELLOW.rgb())));
        items.add(RenderItem.still(5, Meshes.cone(detail), at(1.0, 0.35, 1.2, 0.5),
                Surface.matte(NamedColour.GREEN.rgb())));
        return items;
    }

    /** A 15-capsule stick figure standing at (x, 0, z), all parts sharing one instance id. */
    static List<RenderItem> humanoid(int instanceId, double x, double z, int detail) {
        Surface clothing = new Surface(NamedColour.PURPLE.rgb(), 0.05, 8);
        Surface skin = new Surface(NamedColour.PINK.rgb(), 0.1, 16);
        double[][] bones = {
            // x0, y0, x1, y1, radius (in the figure's plane z = 0)
            {-0.12, 0.05, -0.12, 0.45, 0.06}, {-0.12, 0.45, -0.12, 0.9, 0.07}, // left shin, thigh
            {0.12, 0.05, 0.12, 0.45, 0.06}, {0.12, 0.45, 0.12, 0.9, 0.07}, // right shin, thigh
            {-0.12, 0.9, 0.12, 0.9, 0.08}, // hips
            {0, 0.95, 0, 1.4, 0.14}, // torso
            {-0.2, 1.42, 0.2, 1.42, 0.06}, // shoulders
            {-0.22, 1.4, -0.3, 1.12, 0.045}, {-0.3, 1.12, -0.33, 0.86, 0.04}, // left arm
            {0.22, 1.4, 0.3, 1.12, 0.045}, {0.3, 1.12, 0.33, 0.86, 0.04}, // right arm
            {0, 1.45, 0, 1.52, 0.05}, // neck
            {0, 1.62, 0, 1.66, 0.11}, // head
            {-0.33, 0.84, -0.34, 0.8, 0.04}, {0.33, 0.84, 0.34, 0.8, 0.04}, // hands
        };
        List<RenderItem> items = new ArrayList<>();
        for (int i = 0; i < bones.length; i++) {
            double[] b = bones[i];
            Vec3 from = new Vec3(x + b[0], b[1], z), to = new Vec3(x + b[2], b[3], z);
            Vec3 axis = to.minus(from);
            double half = axis.length() / 2;
            Mat4 model = Mat4.translation(from.plus(to).times(0.5)).times(alignYWith(axis));
            items.add(RenderItem.still(instanceId, Meshes.capsule(detail, half, b[4]), model,
                    i >= 11 ? skin : clothing));
        }
        return items;
    }

    /** A rotation taking +y to the direction of {@code axis}. */
    static Mat4 alignYWith(Vec3 axis) {
        Vec3 d = axis.normalized();
        Vec3 rotationAxis = Vec3.UNIT_Y.cross(d);
        double sine = rotationAxis.length(), cosine = Vec3.UNIT_Y.dot(d);
        if (sine < 1e-9) {
            return cosine > 0 ? Mat4.IDENTITY : Mat4.rotation(Vec3.UNIT_X, Math.PI);
        }
        return Mat4.rotation(rotationAxis, Math.atan2(sine, cosine));
    }

    /** The training-data workload: four props and a humanoid. */
    static FrameRequest trainingFrame(int width, int height, int propDetail, int limbDetail) {
        List<RenderItem> items = new ArrayList<>(props(propDetail));
        items.addAll(humanoid(6, 0.2, 0.6, limbDetail));
        return FrameRequest.stillCamera(width, height, STANDARD_CAMERA, Light.standard(), Sky.CLEAR,
                new Ground(GroundPattern.CHECKER, NamedColour.GREY), items);
    }
}
