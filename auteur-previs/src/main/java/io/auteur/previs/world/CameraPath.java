package io.auteur.previs.world;

import io.auteur.previs.Camera;
import io.auteur.previs.math.Mat4;
import io.auteur.previs.math.Vec3;
import io.auteur.previs.render.CameraView;

/** Where the camera is and what it looks at, at any time of a shot. */
public final class CameraPath {
    /** Dollies stop this close to what they look at. */
    static final double MIN_DOLLY_DISTANCE = 1.0;
    /** Tilts stop at this elevation, in degrees above or below the horizon. */
    static final double MAX_ELEVATION = 80;

    private CameraPath() {}

    public static CameraView viewAt(Camera camera, double t) {
        Vec3 eye = camera.position();
        Vec3 target = camera.lookAt();
        Vec3 forward = target.minus(eye);
        double rate = camera.moveRate();
        return switch (camera.move()) {
            case STATIC -> new CameraView(eye, target, camera.fovDegrees());
            // Pans turn the camera about the vertical through the eye; left is counter-clockwise seen from above.
            case PAN_LEFT -> new CameraView(eye, eye.plus(turn(Vec3.UNIT_Y, rate * t, forward)), camera.fovDegrees());
            case PAN_RIGHT -> new CameraView(eye, eye.plus(turn(Vec3.UNIT_Y, -rate * t, forward)), camera.fovDegrees());
            case TILT_UP, TILT_DOWN -> {
                Vec3 right = forward.cross(Vec3.UNIT_Y).normalized();
                // Tilts stop short of straight up or down, where "up" no longer defines the picture's orientation.
                double startElevation = Math.toDegrees(Math.asin(forward.y() / forward.length()));
                double signed = camera.move() == io.auteur.previs.CameraMove.TILT_UP ? rate * t : -rate * t;
                double degrees = Math.max(-MAX_ELEVATION, Math.min(MAX_ELEVATION, startElevation + signed)) - startElevation;
                yield new CameraView(eye, eye.plus(turn(right, degrees, forward)), camera.fovDegrees());
            }
            case DOLLY_IN -> {
                double travel = Math.min(rate * t, forward.length() - MIN_DOLLY_DISTANCE);
                Vec3 step = forward.normalized().times(Math.max(0, travel));
                yield new CameraView(eye.plus(step), target.plus(step), camera.fovDegrees());
            }
            case DOLLY_OUT -> {
                Vec3 step = forward.normalized().times(-rate * t);
                yield new CameraView(eye.plus(step), target.plus(step), camera.fovDegrees());
            }
            // Orbits circle the look-at point counter-clockwise seen from above, keeping it centred.
            case ORBIT -> new CameraView(target.plus(turn(Vec3.UNIT_Y, rate * t, eye.minus(target))), target,
                    camera.fovDegrees());
        };
    }

    private static Vec3 turn(Vec3 axis, double degrees, Vec3 v) {
        return Mat4.rotation(axis, Math.toRadians(degrees)).transformDirection(v);
    }
}
