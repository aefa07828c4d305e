package io.auteur.previs;

/** The colours the prompt language names; each word means one exact colour so captions are checkable. */
public enum NamedColour {
    RED(200, 30, 30),
    ORANGE(235, 120, 20),
    YELLOW(235, 205, 40),
    GREEN(40, 160, 60),
    CYAN(40, 190, 200),
    BLUE(35, 70, 200),
    PURPLE(120, 50, 170),
    PINK(235, 120, 170),
    WHITE(235, 235, 235),
    BLACK(25, 25, 25),
    GREY(128, 128, 128),
    BROWN(120, 75, 40);

    private final Rgb linear;
    private final int[] srgb;

    NamedColour(int r, int g, int b) {
        this.linear = Rgb.fromSrgb(r, g, b);
        this.srgb = new int[] {r, g, b};
    }

    /** The colour as 8-bit sRGB, as it appears in a picture under white light. */
    public int[] srgb() {
        return srgb.clone();
    }

    public Rgb rgb() {
        return linear;
    }

    /** The lower-case word used in prompts and captions. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
