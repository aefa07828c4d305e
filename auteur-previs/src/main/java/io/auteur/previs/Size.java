package io.auteur.previs;

/** Object and actor size. For objects: the radius of the bounding sphere in metres. */
public enum Size {
    SMALL(0.35, 0.8), LARGE(0.7, 1.1);

    private final double objectRadius;
    private final double actorScale;

    Size(double objectRadius, double actorScale) {
        this.objectRadius = objectRadius;
        this.actorScale = actorScale;
    }

    public double objectRadius() {
        return objectRadius;
    }

    /** Multiplier on a 1.75 m adult. */
    public double actorScale() {
        return actorScale;
    }
}
