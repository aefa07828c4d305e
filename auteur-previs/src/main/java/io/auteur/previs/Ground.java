package io.auteur.previs;

/** The ground plane y = 0: a pattern in one colour (its second tone is derived from the first). */
public record Ground(GroundPattern pattern, NamedColour colour) {
    public Ground {
        java.util.Objects.requireNonNull(pattern, "pattern");
        java.util.Objects.requireNonNull(colour, "colour");
    }

    public static Ground standard() {
        return new Ground(GroundPattern.PLAIN, NamedColour.GREY);
    }
}
