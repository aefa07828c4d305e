package io.auteur.previs;

import io.auteur.previs.math.Vec3;

/**
 * The camera at the start of a shot and how it moves.
 *
 * @param position        eye position in metres
 * @param lookAt          point looked at in the first frame
 * @param fovDegrees      vertical field of view, in (10, 120)
 * @param move            the move over the shot
 * @param moveRate        pans and tilts in degrees per second; dollies in metres per second; orbits in degrees per second
 */
public record Camera(Vec3 position, Vec3 lookAt, double fovDegrees, CameraMove move, double moveRate) {
    public Camera {
        if (!(fovDegrees > 10 && fovDegrees < 120)) {
            throw new IllegalArgumentException("camera fovDegrees must lie in (10, 120), was " + fovDegrees);
        }
        if (position.minus(lookAt).length() < 1e-6) {
            throw new IllegalArgumentException("camera position and lookAt must differ");
        }
        Vec3 view = lookAt.minus(position);
        if (Math.abs(view.y()) / view.length() > Math.sin(Math.toRadians(80))) {
            throw new IllegalArgumentException("the camera must look within 80 degrees of the horizon "
                    + "(straight up or down leaves the picture's orientation undefined)");
        }
        if (!(moveRate >= 0 && moveRate <= 180)) {
            throw new IllegalArgumentException("camera moveRate must lie in [0, 180], was " + moveRate);
        }
    }

    /** The default framing: 6 m back and 2 m up, looking at the origin, static. */
    public static Camera standard() {
        return new Camera(new Vec3(0, 2, 6), new Vec3(0, 0.6, 0), 45, CameraMove.STATIC, 0);
    }

    public Camera withMove(CameraMove newMove, double newRate) {
        return new Camera(position, lookAt, fovDegrees, newMove, newRate);
    }
}
