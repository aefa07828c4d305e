package io.auteur.previs;

/** A vertical sky gradient from horizon to zenith. */
public enum Sky {
    CLEAR(Rgb.fromSrgb(180, 210, 240), Rgb.fromSrgb(70, 130, 210)),
    SUNSET(Rgb.fromSrgb(250, 170, 100), Rgb.fromSrgb(90, 80, 150)),
    OVERCAST(Rgb.fromSrgb(200, 200, 205), Rgb.fromSrgb(150, 155, 165)),
    NIGHT(Rgb.fromSrgb(40, 50, 90), Rgb.fromSrgb(5, 8, 25));

    private final Rgb horizon;
    private final Rgb zenith;

    Sky(Rgb horizon, Rgb zenith) {
        this.horizon = horizon;
        this.zenith = zenith;
    }

    public Rgb horizon() {
        return horizon;
    }

    public Rgb zenith() {
        return zenith;
    }
}
