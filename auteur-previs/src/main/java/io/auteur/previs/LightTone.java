package io.auteur.previs;

/** The colour of sunlight. */
public enum LightTone {
    WARM(new Rgb(1.0, 0.85, 0.65)),
    NEUTRAL(new Rgb(1.0, 1.0, 1.0)),
    COOL(new Rgb(0.7, 0.82, 1.0));

    private final Rgb colour;

    LightTone(Rgb colour) {
        this.colour = colour;
    }

    public Rgb colour() {
        return colour;
    }
}
