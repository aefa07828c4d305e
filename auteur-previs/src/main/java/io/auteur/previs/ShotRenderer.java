package io.auteur.previs;

import io.auteur.previs.math.Mat4;
import io.auteur.previs.math.Vec3;
import io.auteur.previs.render.CameraView;
import io.auteur.previs.render.FrameRequest;
import io.auteur.previs.render.Mesh;
import io.auteur.previs.render.Meshes;
import io.auteur.previs.render.Rasterizer;
import io.auteur.previs.render.RenderItem;
import io.auteur.previs.render.RenderedFrame;
import io.auteur.previs.render.Surface;
import io.auteur.previs.world.CameraPath;
import io.auteur.previs.world.Humanoid;
import io.auteur.previs.world.Physics;
import io.auteur.previs.world.Pose;
import io.auteur.previs.world.Projection;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a scene frame by frame: moves the world to each frame time, hands the rasterizer every part with its
 * pose now and one frame later (for exact flow), and projects the actor's keypoints.
 *
 * <p>Not thread-safe (it owns the rasterizer's buffers); use one per thread.
 */
public final class ShotRenderer {
    /** Instance ids: 0 sky, 1 ground, objects from 2 in scene order, the actor last. */
    public static final int FIRST_OBJECT_ID = 2;
    public static final int ACTOR_ID = FIRST_OBJECT_ID + Scene.MAX_OBJECTS;

    private final Scene scene;
    private final RenderSettings settings;
    private final Rasterizer rasterizer;
    private final List<PlacedObject> objects = new ArrayList<>();
    /** One capsule per limb (and one for the torso, last), built at the actor's bone lengths: bones are rigid. */
    private final List<Mesh> limbMeshes = new ArrayList<>();
    private final Mesh sphereMesh;

    private record PlacedObject(int id, SceneObject object, Mesh mesh, Mat4 baseRotation, double scale,
                                double restHeight, Surface surface) {}

    public ShotRenderer(Scene scene, RenderSettings settings) {
        this.scene = scene;
        this.settings = settings;
        this.rasterizer = new Rasterizer(settings.width(), settings.height(), settings.supersampling());
        int detail = meshDetail(settings);
        Map<Shape, Mesh> meshes = new EnumMap<>(Shape.class);
        for (int i = 0; i < scene.objects().size(); i++) {
            SceneObject object = scene.objects().get(i);
            Mesh mesh = meshes.computeIfAbsent(object.shape(), shape -> mesh(shape, detail));
            Mat4 base = baseRotation(object);
            double scale = object.size().objectRadius();
            double rest = -minY(mesh, base) * scale;
            Surface surface = new Surface(object.colour().rgb(), object.material().specular(), object.material().shininess());
            objects.add(new PlacedObject(FIRST_OBJECT_ID + i, object, mesh, base, scale, rest, surface));
        }
        this.sphereMesh = Meshes.sphere(detail);
        scene.actor().ifPresent(actor -> {
            double s = actor.size().actorScale();
            Vec3[] rest = Humanoid.keypoints(actor, 0);
            int limbDetail = Math.max(6, detail / 2);
            for (Humanoid.Limb limb : Humanoid.LIMBS) {
                double half = rest[limb.from()].minus(rest[limb.to()]).length() / 2;
                limbMeshes.add(half < 1e-6 ? null : Meshes.capsule(limbDetail, half, limb.radius() * s));
            }
            Vec3[] ends = Humanoid.limbEnds(rest);
            limbMeshes.add(Meshes.capsule(limbDetail, ends[0].minus(ends[1]).length() / 2, 0.14 * s));
        });
    }

    public Scene scene() {
        return scene;
    }

    public RenderSettings settings() {
        return settings;
    }

    /** Renders frame {@code index} (0-based); frames may be rendered in any order. */
    public ShotFrame render(int index) {
        if (index < 0 || index >= settings.frameCount()) {
            throw new IndexOutOfBoundsException("frame " + index + " outside [0, " + settings.frameCount() + ")");
        }
        double now = settings.timeOf(index);
        double next = settings.timeOf(index + 1);
        CameraView viewNow = CameraPath.viewAt(scene.camera(), now);
        CameraView viewNext = CameraPath.viewAt(scene.camera(), next);

        List<RenderItem> items = new ArrayList<>();
        for (PlacedObject placed : objects) {
            items.add(new RenderItem(placed.id(), placed.mesh(), objectModel(placed, now), objectModel(placed, next),
                    placed.surface()));
        }
        Vec3[] keypointsNow = null;
        if (scene.actor().isPresent()) {
            Actor actor = scene.actor().get();
            keypointsNow = Humanoid.keypoints(actor, now);
            addActor(items, actor, keypointsNow, Humanoid.keypoints(actor, next));
        }
        RenderedFrame frame = rasterizer.render(new FrameRequest(settings.width(), settings.height(), viewNow, viewNext,
                scene.light(), scene.sky(), scene.ground(), items));
        Optional<float[]> keypoints = keypointsNow == null ? Optional.empty()
                : Optional.of(projectKeypoints(keypointsNow, viewNow, frame));
        return new ShotFrame(index, now, frame, keypoints);
    }

    /** The model transform of an object at time t (public for tests of motion and projection). */
    public Mat4 objectModel(int objectIndex, double t) {
        return objectModel(objects.get(objectIndex), t);
    }

    /** Height of an object's centre above the ground when it rests on it. */
    public double restHeight(int objectIndex) {
        return objects.get(objectIndex).restHeight();
    }

    private Mat4 objectModel(PlacedObject placed, double t) {
        Pose pose = Physics.poseAt(placed.object().motion(), placed.object().start(), placed.restHeight(), t);
        return Mat4.translation(pose.position()).times(pose.rotation()).times(placed.baseRotation())
                .times(Mat4.scale(placed.scale(), placed.scale(), placed.scale()));
    }

    private void addActor(List<RenderItem> items, Actor actor, Vec3[] now, Vec3[] next) {
        Surface clothing = new Surface(actor.clothing().rgb(), 0.05, 8);
        Surface skin = new Surface(actor.skin().rgb(), 0.1, 16);
        double s = actor.size().actorScale();
        for (int i = 0; i < Humanoid.LIMBS.size(); i++) {
            Humanoid.Limb limb = Humanoid.LIMBS.get(i);
            Mesh capsule = limbMeshes.get(i);
            if (capsule == null) {
                // a hand: a sphere at the joint
                items.add(new RenderItem(ACTOR_ID, sphereMesh, sphereModel(now[limb.from()], limb.radius() * s),
                        sphereModel(next[limb.from()], limb.radius() * s), skin));
            } else {
                items.add(new RenderItem(ACTOR_ID, capsule, limbModel(now[limb.from()], now[limb.to()]),
                        limbModel(next[limb.from()], next[limb.to()]), limb.skin() ? skin : clothing));
            }
        }
        Vec3[] endsNow = Humanoid.limbEnds(now);
        Vec3[] endsNext = Humanoid.limbEnds(next);
        items.add(new RenderItem(ACTOR_ID, limbMeshes.getLast(), limbModel(endsNow[0], endsNow[1]),
                limbModel(endsNext[0], endsNext[1]), clothing));
        items.add(new RenderItem(ACTOR_ID, sphereMesh, sphereModel(endsNow[2], 0.11 * s), sphereModel(endsNext[2], 0.11 * s),
                skin));
    }

    private static Mat4 sphereModel(Vec3 centre, double radius) {
        return Mat4.translation(centre).times(Mat4.scale(radius, radius, radius));
    }

    /** Places a limb capsule (axis y, centred) between two joints, turned onto their direction. */
    private static Mat4 limbModel(Vec3 a, Vec3 b) {
        return Mat4.translation(a.lerp(b, 0.5)).times(alignY(b.minus(a).normalized()));
    }

    /** The rotation taking +y onto the unit vector {@code d}. */
    private static Mat4 alignY(Vec3 d) {
        Vec3 axis = Vec3.UNIT_Y.cross(d);
        double sin = axis.length();
        double cos = Vec3.UNIT_Y.dot(d);
        if (sin < 1e-9) {
            return cos > 0 ? Mat4.IDENTITY : Mat4.rotation(Vec3.UNIT_X, Math.PI);
        }
        return Mat4.rotation(axis, Math.atan2(sin, cos));
    }

    private float[] projectKeypoints(Vec3[] keypoints, CameraView view, RenderedFrame frame) {
        Projection projection = new Projection(view, settings.width(), settings.height());
        float[] out = new float[keypoints.length * 3];
        for (int i = 0; i < keypoints.length; i++) {
            double[] p = projection.project(keypoints[i]);
            out[i * 3] = (float) p[0];
            out[i * 3 + 1] = (float) p[1];
            int px = (int) Math.floor(p[0]);
            int py = (int) Math.floor(p[1]);
            int visibility = 0;
            if (p[2] > 0 && px >= 0 && py >= 0 && px < settings.width() && py < settings.height()) {
                int pixel = py * settings.width() + px;
                // Visible when nothing nearer than the keypoint (beyond the limb's own thickness) covers its pixel.
                boolean hidden = frame.instance()[pixel] != ACTOR_ID && frame.depth()[pixel] < p[2] - 0.05;
                visibility = hidden ? 1 : 2;
            }
            out[i * 3 + 2] = visibility;
        }
        return out;
    }

    /**
     * Rolling cylinders, capsules and tori lie on their side, their axis across the direction of travel, so that
     * rolling turns them like wheels.
     */
    private static Mat4 baseRotation(SceneObject object) {
        if (object.motion() instanceof Motion.Roll roll
                && (object.shape() == Shape.CYLINDER || object.shape() == Shape.CAPSULE || object.shape() == Shape.TORUS)) {
            return Mat4.rotation(roll.direction().unit(), Math.PI / 2);
        }
        return Mat4.IDENTITY;
    }

    private static double minY(Mesh mesh, Mat4 rotation) {
        float[] p = mesh.positions();
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p.length; i += 3) {
            min = Math.min(min, rotation.transformDirection(new Vec3(p[i], p[i + 1], p[i + 2])).y());
        }
        return min;
    }

    private static Mesh mesh(Shape shape, int detail) {
        return switch (shape) {
            case SPHERE -> Meshes.sphere(detail);
            case CUBE -> Meshes.cube();
            case CYLINDER -> Meshes.cylinder(detail);
            case CONE -> Meshes.cone(detail);
            case TORUS -> Meshes.torus(detail);
            case CAPSULE -> Meshes.capsule(detail, 0.5, 0.5);
        };
    }

    /** Tessellation grows with picture size: coarse meshes are invisible at 64x64 and keep training data fast. */
    static int meshDetail(RenderSettings settings) {
        int size = Math.max(settings.width(), settings.height());
        return Math.max(8, Math.min(48, size / 10));
    }
}
