package io.auteur.previs.render;

import io.auteur.previs.Rgb;
import java.util.Objects;

/**
 * How a part reflects light: Lambertian albedo plus a Blinn-Phong highlight.
 *
 * @param albedo    diffuse reflectance, linear light
 * @param specular  highlight strength in [0, 1]; 0 turns the highlight off
 * @param shininess Blinn-Phong exponent in [1, 1024]
 */
public record Surface(Rgb albedo, double specular, int shininess) {
    public Surface {
        Objects.requireNonNull(albedo, "albedo");
        if (!(specular >= 0 && specular <= 1)) {
            throw new IllegalArgumentException("surface specular must lie in [0, 1], was " + specular);
        }
        if (shininess < 1 || shininess > 1024) {
            throw new IllegalArgumentException("surface shininess must lie in [1, 1024], was " + shininess);
        }
    }

    /** A diffuse-only surface. */
    public static Surface matte(Rgb albedo) {
        return new Surface(albedo, 0, 1);
    }
}
