package io.auteur.previs;

import io.auteur.previs.math.Vec3;

/** A horizontal direction in world space, named as seen from the default camera (which looks along -z). */
public enum Direction {
    LEFT(new Vec3(-1, 0, 0)),
    RIGHT(new Vec3(1, 0, 0)),
    TOWARD_CAMERA(new Vec3(0, 0, 1)),
    AWAY_FROM_CAMERA(new Vec3(0, 0, -1));

    private final Vec3 unit;

    Direction(Vec3 unit) {
        this.unit = unit;
    }

    public Vec3 unit() {
        return unit;
    }
}
