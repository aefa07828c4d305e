package io.auteur.previs;

import io.auteur.previs.math.Vec3;
import java.util.Objects;

/**
 * The articulated humanoid: capsule limbs over the 17 COCO joints.
 *
 * @param skin     colour of head and hands
 * @param clothing colour of torso, arms and legs
 * @param start    where its feet are at time 0 (y ignored)
 * @param heading  the way it faces and travels
 */
public record Actor(NamedColour skin, NamedColour clothing, Size size, Action action, Vec3 start, Direction heading) {
    public Actor {
        Objects.requireNonNull(skin, "skin");
        Objects.requireNonNull(clothing, "clothing");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(heading, "heading");
    }
}
