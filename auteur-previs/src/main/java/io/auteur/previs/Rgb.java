package io.auteur.previs;

/** A linear-light colour, each channel in [0, 1]. Converted to sRGB only when pixels are written. */
public record Rgb(double r, double g, double b) {
    public Rgb {
        if (!(r >= 0 && r <= 1 && g >= 0 && g <= 1 && b >= 0 && b <= 1)) {
            throw new IllegalArgumentException("colour channels must lie in [0, 1]: " + r + ", " + g + ", " + b);
        }
    }

    /** From 8-bit sRGB components, converted to linear light. */
    public static Rgb fromSrgb(int r, int g, int b) {
        return new Rgb(srgbToLinear(r / 255.0), srgbToLinear(g / 255.0), srgbToLinear(b / 255.0));
    }

    static double srgbToLinear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
