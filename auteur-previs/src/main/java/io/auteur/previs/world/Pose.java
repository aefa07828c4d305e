package io.auteur.previs.world;

import io.auteur.previs.math.Mat4;
import io.auteur.previs.math.Vec3;

/** Where a rigid body is and how it is turned at one instant. */
public record Pose(Vec3 position, Mat4 rotation) {
    /** The model transform for a unit mesh scaled by {@code scale}: rotate and scale about the centre, then place. */
    public Mat4 model(double scale) {
        return Mat4.translation(position).times(rotation).times(Mat4.scale(scale, scale, scale));
    }
}
