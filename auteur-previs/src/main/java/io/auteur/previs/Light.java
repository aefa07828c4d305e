package io.auteur.previs;

import io.auteur.previs.math.Vec3;

/**
 * Sun and ambient light.
 *
 * @param towardSun unit-length direction from the scene toward the sun; must point above the horizon
 * @param tone      sunlight colour
 * @param ambient   ambient fraction in [0, 1]
 */
public record Light(Vec3 towardSun, LightTone tone, double ambient) {
    public Light {
        // Normalise only when needed, so a scene read back from JSON equals the one written.
        if (Math.abs(towardSun.length() - 1) > 1e-12) {
            towardSun = towardSun.normalized();
        }
        if (towardSun.y() <= 0.05) {
            throw new IllegalArgumentException("the sun must be above the horizon (towardSun.y > 0.05)");
        }
        if (!(ambient >= 0 && ambient <= 1)) {
            throw new IllegalArgumentException("ambient must lie in [0, 1], was " + ambient);
        }
    }

    public static Light standard() {
        return new Light(new Vec3(-0.4, 1.0, 0.5), LightTone.NEUTRAL, 0.3);
    }
}
