package io.auteur.previs.dataset;

import io.auteur.previs.Action;
import io.auteur.previs.Actor;
import io.auteur.previs.Camera;
import io.auteur.previs.CameraMove;
import io.auteur.previs.Direction;
import io.auteur.previs.Ground;
import io.auteur.previs.GroundPattern;
import io.auteur.previs.Light;
import io.auteur.previs.LightTone;
import io.auteur.previs.Material;
import io.auteur.previs.Motion;
import io.auteur.previs.NamedColour;
import io.auteur.previs.Scene;
import io.auteur.previs.SceneObject;
import io.auteur.previs.Shape;
import io.auteur.previs.Size;
import io.auteur.previs.Sky;
import io.auteur.previs.math.Vec3;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Draws random scenes for training data: every shape, colour, material, size, motion, camera move, sky, light,
 * ground and action with equal chance, framed so the subjects stay in view for a few seconds. Deterministic:
 * scene {@code n} of seed {@code s} is always the same scene.
 */
public final class SceneSampler {
    private SceneSampler() {}

    public static Scene sample(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int objectCount = 1 + random.nextInt(3);
        boolean withActor = random.nextInt(3) == 0;
        if (withActor) {
            objectCount = random.nextInt(2);
        }
        List<SceneObject> objects = new ArrayList<>();
        double[] slots = switch (objectCount) {
            case 1 -> new double[] {0};
            case 2 -> new double[] {-1.1, 1.1};
            case 3 -> new double[] {-1.6, 0, 1.6};
            default -> new double[0];
        };
        List<NamedColour> colours = new ArrayList<>(List.of(NamedColour.values()));
        for (double x : slots) {
            // distinct colours within a scene, so a caption's "the red one" is unambiguous
            NamedColour colour = colours.remove(random.nextInt(colours.size()));
            Motion motion = motion(random);
            Vec3 start = new Vec3(x, 0, random.nextDouble(-0.4, 0.4));
            if (motion instanceof Motion.Move || motion instanceof Motion.Roll || motion instanceof Motion.Bounce) {
                start = start.minus(direction(motion).unit().times(objectCount == 1 ? 0.8 : 0.4));
            }
            objects.add(new SceneObject(pick(random, Shape.values()), colour, pick(random, Material.values()),
                    pick(random, Size.values()), start, motion));
        }
        Optional<Actor> actor = Optional.empty();
        if (withActor) {
            NamedColour clothing = colours.remove(random.nextInt(colours.size()));
            Action action = pick(random, Action.values());
            Direction heading = pick(random, new Direction[] {Direction.LEFT, Direction.RIGHT});
            double startX = action == Action.WALK || action == Action.RUN ? -heading.unit().x() * 1.5 : 0;
            actor = Optional.of(new Actor(pick(random, new NamedColour[] {NamedColour.BROWN, NamedColour.PINK,
                    NamedColour.ORANGE, NamedColour.YELLOW}), clothing, pick(random, Size.values()), action,
                    new Vec3(startX, 0, -1.0), heading));
        }
        CameraMove move = pick(random, CameraMove.values());
        double rate = switch (move) {
            case STATIC -> 0;
            case PAN_LEFT, PAN_RIGHT -> random.nextDouble(6, 12);
            case TILT_UP, TILT_DOWN -> random.nextDouble(4, 8);
            case DOLLY_IN, DOLLY_OUT -> random.nextDouble(0.4, 0.9);
            case ORBIT -> random.nextDouble(10, 20);
        };
        Camera camera = new Camera(new Vec3(random.nextDouble(-0.5, 0.5), random.nextDouble(1.5, 2.6),
                random.nextDouble(5.5, 7)), new Vec3(0, 0.6, 0), random.nextDouble(40, 50), move, rate);
        Light light = new Light(new Vec3(random.nextDouble(-1, 1), random.nextDouble(0.6, 1.4), random.nextDouble(-0.2, 1)),
                pick(random, LightTone.values()), random.nextDouble(0.2, 0.4));
        Ground ground = new Ground(pick(random, GroundPattern.values()), pick(random, NamedColour.values()));
        return new Scene(camera, light, pick(random, Sky.values()), ground, objects, actor);
    }

    private static Motion motion(SplittableRandom random) {
        Direction direction = pick(random, Direction.values());
        return switch (random.nextInt(7)) {
            case 0 -> new Motion.Still();
            case 1 -> new Motion.Move(direction, random.nextDouble(0.4, 0.8));
            case 2 -> new Motion.Bounce(direction, random.nextDouble(0.2, 0.5), random.nextDouble(0.8, 2.0),
                    random.nextDouble(0.55, 0.85));
            case 3 -> new Motion.Roll(direction, random.nextDouble(0.5, 1.0));
            case 4 -> new Motion.Fall(random.nextDouble(1.5, 3.0));
            case 5 -> new Motion.Spin(random.nextDouble(60, 180) * (random.nextBoolean() ? 1 : -1));
            default -> new Motion.Orbit(random.nextDouble(20, 45));
        };
    }

    private static Direction direction(Motion motion) {
        return switch (motion) {
            case Motion.Move move -> move.direction();
            case Motion.Roll roll -> roll.direction();
            case Motion.Bounce bounce -> bounce.direction();
            default -> throw new IllegalArgumentException(motion + " has no direction");
        };
    }

    private static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
