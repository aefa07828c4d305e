package io.auteur.previs.world;

import io.auteur.previs.Motion;
import io.auteur.previs.math.Mat4;
import io.auteur.previs.math.Vec3;

/**
 * Closed-form rigid-body motion over the ground plane y = 0. Closed forms (piecewise parabolas for bounces, arc
 * length for rolling) are exact at every frame time, so renders at any frame rate agree and tests can check
 * the physics directly instead of trusting an integrator's step size.
 */
public final class Physics {
    /** Standard gravity, m/s^2. */
    public static final double GRAVITY = 9.81;
    /** Bounces lower than this (metres) are treated as rest, ending the infinite Zeno sequence of tiny hops. */
    static final double REST_HEIGHT = 1e-3;

    private Physics() {}

    /**
     * The pose at time {@code t} seconds of an object whose centre starts at {@code start} (x, z used) and whose
     * centre rests {@code restHeight} metres above the ground when its bottom touches it.
     */
    public static Pose poseAt(Motion motion, Vec3 start, double restHeight, double t) {
        Vec3 ground = new Vec3(start.x(), restHeight, start.z());
        return switch (motion) {
            case Motion.Still still -> new Pose(ground, Mat4.IDENTITY);
            case Motion.Move move -> new Pose(ground.plus(move.direction().unit().times(move.speed() * t)), Mat4.IDENTITY);
            case Motion.Roll roll -> {
                double distance = roll.speed() * t;
                // Rolling without slipping: the angle turned is arc length over the rolling radius.
                Vec3 axis = Vec3.UNIT_Y.cross(roll.direction().unit());
                yield new Pose(ground.plus(roll.direction().unit().times(distance)),
                        Mat4.rotation(axis, distance / restHeight));
            }
            case Motion.Bounce bounce -> {
                double height = bounceHeight(bounce.dropHeight(), bounce.restitution(), t);
                Vec3 drift = bounce.direction().unit().times(bounce.speed() * t);
                yield new Pose(ground.plus(drift).plus(new Vec3(0, height, 0)), Mat4.IDENTITY);
            }
            case Motion.Fall fall -> new Pose(ground.plus(new Vec3(0, fallHeight(fall.height(), t), 0)), Mat4.IDENTITY);
            case Motion.Spin spin -> new Pose(ground, Mat4.rotation(Vec3.UNIT_Y, Math.toRadians(spin.degreesPerSecond() * t)));
            case Motion.Orbit orbit -> {
                double radius = Math.hypot(start.x(), start.z());
                double startAngle = radius < 0.1 ? 0 : Math.atan2(start.z(), start.x());
                radius = Math.max(radius, 1.5);
                // Counter-clockwise seen from above is a negative turn about +y when z points toward the camera.
                double angle = startAngle - Math.toRadians(orbit.degreesPerSecond() * t);
                Vec3 centre = new Vec3(radius * Math.cos(angle), restHeight, radius * Math.sin(angle));
                yield new Pose(centre, Mat4.rotation(Vec3.UNIT_Y, startAngle - angle));
            }
        };
    }

    /**
     * Height of the bottom above the ground at time t for a body dropped from rest at {@code drop} metres with
     * coefficient of restitution {@code e}: each impact keeps the fraction e of the speed, so each apex is
     * e^2 times the previous one.
     */
    public static double bounceHeight(double drop, double e, double t) {
        double fallTime = Math.sqrt(2 * drop / GRAVITY);
        if (t <= fallTime) {
            return drop - 0.5 * GRAVITY * t * t;
        }
        double time = t - fallTime;
        double speed = GRAVITY * fallTime * e;
        // At most a few hundred hops exist before the height falls below REST_HEIGHT; the loop is bounded by that.
        for (int hop = 0; hop < 1000; hop++) {
            if (speed * speed / (2 * GRAVITY) < REST_HEIGHT) {
                return 0;
            }
            double flight = 2 * speed / GRAVITY;
            if (time <= flight) {
                return speed * time - 0.5 * GRAVITY * time * time;
            }
            time -= flight;
            speed *= e;
        }
        return 0;
    }

    /** A perfectly inelastic fall: drops from {@code drop} metres and stays on the ground. */
    public static double fallHeight(double drop, double t) {
        return Math.max(0, drop - 0.5 * GRAVITY * t * t);
    }

    /** Vertical velocity (m/s, up positive) of a bouncing body at time t, by the same closed form. */
    public static double bounceVelocity(double drop, double e, double t) {
        double fallTime = Math.sqrt(2 * drop / GRAVITY);
        if (t <= fallTime) {
            return -GRAVITY * t;
        }
        double time = t - fallTime;
        double speed = GRAVITY * fallTime * e;
        for (int hop = 0; hop < 1000; hop++) {
            if (speed * speed / (2 * GRAVITY) < REST_HEIGHT) {
                return 0;
            }
            double flight = 2 * speed / GRAVITY;
            if (time <= flight) {
                return speed - GRAVITY * time;
            }
            time -= flight;
            speed *= e;
        }
        return 0;
    }
}
