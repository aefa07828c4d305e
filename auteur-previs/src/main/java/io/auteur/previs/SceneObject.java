package io.auteur.previs;

import io.auteur.previs.math.Vec3;
import java.util.Objects;

/**
 * One solid in the scene.
 *
 * @param start where its centre is at time 0 (x, z on the ground plane; y is derived from size and motion)
 */
public record SceneObject(Shape shape, NamedColour colour, Material material, Size size, Vec3 start, Motion motion) {
    public SceneObject {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(material, "material");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(motion, "motion");
    }
}
