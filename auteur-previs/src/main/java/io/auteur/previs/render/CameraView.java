package io.auteur.previs.render;

import io.auteur.previs.math.Vec3;
import java.util.Objects;

/**
 * A pinhole camera for one frame: at {@code eye}, looking at {@code target}, +y up.
 *
 * @param fovDegrees vertical field of view, in [1, 170]
 */
public record CameraView(Vec3 eye, Vec3 target, double fovDegrees) {
    public CameraView {
        Objects.requireNonNull(eye, "eye");
        Objects.requireNonNull(target, "target");
        if (!(fovDegrees >= 1 && fovDegrees <= 170)) {
            throw new IllegalArgumentException("camera fovDegrees must lie in [1, 170], was " + fovDegrees);
        }
        if (!isFinite(eye) || !isFinite(target)) {
            throw new IllegalArgumentException("camera eye and target must be finite: " + eye + ", " + target);
        }
        Vec3 forward = target.minus(eye);
        double length = forward.length();
        if (!(length > 1e-9)) {
            throw new IllegalArgumentException("camera eye and target must differ, both were " + eye);
        }
        // With +y as up, a camera looking straight up or down has no defined right vector.
        if (Math.abs(forward.y()) / length > 0.99999) {
            throw new IllegalArgumentException(
                    "camera must not look straight up or down (up is +y): eye " + eye + ", target " + target);
        }
    }

    private static boolean isFinite(Vec3 v) {
        return Double.isFinite(v.x()) && Double.isFinite(v.y()) && Double.isFinite(v.z());
    }
}
