package io.auteur.previs.render;

import io.auteur.previs.Ground;
import io.auteur.previs.GroundPattern;
import io.auteur.previs.Light;
import io.auteur.previs.Rgb;
import io.auteur.previs.Sky;

/**
 * The per-frame lighting constants: sun and ambient (with exposure folded in), the ground's two tones and
 * pattern, and the sky gradient. Everything the per-sample shading needs, precomputed once.
 */
final class SceneLighting {
    /** Entries of the sky table over sin(elevation) in [0, 1]. */
    static final int SKY_STEPS = 1024;
    private static final float[][] SKY_TABLES = new float[Sky.values().length][];
    /** An even number of metres added before truncating, so that truncation floors. */
    private static final double PATTERN_SHIFT = 1 << 20;
    private static final int NOISE_PERIOD_METRES = 32;
    private static final int NOISE_TEXELS_PER_METRE = 8;
    private static final int NOISE_SIZE = NOISE_PERIOD_METRES * NOISE_TEXELS_PER_METRE;
    private static final int NOISE_MASK = NOISE_SIZE - 1;
    /** A whole number of noise periods, in texels, added before truncating, so that truncation floors. */
    private static final double NOISE_SHIFT = NOISE_SIZE << 14;

    /**
     * The NOISE pattern tabulated at 8 texels per metre over one 32 m period: evaluating two octaves of
     * value noise per sample cost more than the rest of a 64x64 frame.
     */
    private static final float[] NOISE_TEXTURE = noiseTexture();

    static {
        for (Sky sky : Sky.values()) {
            SKY_TABLES[sky.ordinal()] = skyTable(sky);
        }
    }

    final double towardSunX, towardSunY, towardSunZ;
    /** Sun colour times exposure. */
    final double sunR, sunG, sunB;
    /** Ambient colour (slightly tinted by the sky) times exposure. */
    final double ambientR, ambientG, ambientB;
    final GroundPattern groundPattern;
    final double groundR, groundG, groundB;
    final double groundSecondR, groundSecondG, groundSecondB;
    /** Irradiance on the ground (times exposure) in sunlight and in shadow. */
    final double groundLitR, groundLitG, groundLitB;
    final double groundShadowR, groundShadowG, groundShadowB;
    /** Linear sky colour by sin(elevation): rgb triples, {@link #SKY_STEPS} + 1 of them. */
    final float[] skyTable;
    final double horizonR, horizonG, horizonB;

    SceneLighting(Light light, Sky sky, Ground ground) {
        towardSunX = light.towardSun().x();
        towardSunY = light.towardSun().y();
        towardSunZ = light.towardSun().z();
        // A fixed exposure per light: a surface of albedo a facing a high sun comes out near a, and the
        // highlights that go over are compressed by the tone curve's shoulder, not clipped.
        double exposure = 1 / (light.ambient() + 0.8);
        Rgb sun = light.tone().colour();
        sunR = sun.r() * exposure;
        sunG = sun.g() * exposure;
        sunB = sun.b() * exposure;
        // A fifth of the ambient light takes the sky's hue, normalised to keep its strength.
        double meanR = (sky.horizon().r() + sky.zenith().r()) / 2;
        double meanG = (sky.horizon().g() + sky.zenith().g()) / 2;
        double meanB = (sky.horizon().b() + sky.zenith().b()) / 2;
        double brightest = Math.max(1e-6, Math.max(meanR, Math.max(meanG, meanB)));
        double ambient = light.ambient() * exposure;
        ambientR = ambient * (0.8 + 0.2 * meanR / brightest);
        ambientG = ambient * (0.8 + 0.2 * meanG / brightest);
        ambientB = ambient * (0.8 + 0.2 * meanB / brightest);

        groundPattern = ground.pattern();
        Rgb base = ground.colour().rgb();
        groundR = base.r();
        groundG = base.g();
        groundB = base.b();
        // The second tone: a darker shade of the colour, or a lighter one where the colour is already dark.
        double luminance = 0.2126 * base.r() + 0.7152 * base.g() + 0.0722 * base.b();
        if (luminance > 0.05) {
            groundSecondR = base.r() * 0.45;
            groundSecondG = base.g() * 0.45;
            groundSecondB = base.b() * 0.45;
        } else {
            groundSecondR = base.r() + (1 - base.r()) * 0.12;
            groundSecondG = base.g() + (1 - base.g()) * 0.12;
            groundSecondB = base.b() + (1 - base.b()) * 0.12;
        }
        groundShadowR = ambientR;
        groundShadowG = ambientG;
        groundShadowB = ambientB;
        groundLitR = ambientR + sunR * towardSunY;
        groundLitG = ambientG + sunG * towardSunY;
        groundLitB = ambientB + sunB * towardSunY;

        skyTable = SKY_TABLES[sky.ordinal()];
        horizonR = sky.horizon().r();
        horizonG = sky.horizon().g();
        horizonB = sky.horizon().b();
    }

    /** Horizon to zenith, linear in elevation angle, tabulated by sin(elevation). */
    private static float[] skyTable(Sky sky) {
        float[] table = new float[3 * (SKY_STEPS + 1)];
        for (int i = 0; i <= SKY_STEPS; i++) {
            double t = StrictMath.asin((double) i / SKY_STEPS) / (Math.PI / 2);
            table[3 * i] = (float) (sky.horizon().r() + (sky.zenith().r() - sky.horizon().r()) * t);
            table[3 * i + 1] = (float) (sky.horizon().g() + (sky.zenith().g() - sky.horizon().g()) * t);
            table[3 * i + 2] = (float) (sky.horizon().b() + (sky.zenith().b() - sky.horizon().b()) * t);
        }
        return table;
    }

    /**
     * The size of the ground pattern's features in metres: CHECKER has 1 m squares, STRIPES 0.5 m bands
     * across x, NOISE the finer of its two octaves (0.5 m); PLAIN has none.
     */
    double patternScaleMetres() {
        return switch (groundPattern) {
            case PLAIN -> Double.POSITIVE_INFINITY;
            case CHECKER -> 1.0;
            case STRIPES -> 0.5;
            case NOISE -> 0.5;
        };
    }

    /**
     * How much of the pattern's contrast to keep where one sample covers {@code footprintMetres} of ground:
     * all of it up to a quarter of the pattern's scale, none from three quarters on. A cheap filter that
     * keeps distant checkers from aliasing into moire and flicker.
     */
    double patternContrast(double footprintMetres) {
        double contrast = 1.5 - 2 * footprintMetres / patternScaleMetres();
        return contrast >= 1 ? 1 : contrast <= 0 ? 0 : contrast;
    }

    /** CHECKER and STRIPES: 1 on the squares or bands of the second tone, else 0. */
    int hardPattern(double x, double z) {
        // where the shift is too small (hits megametres away) the contrast has long faded to nothing and
        // the parity no longer matters
        if (groundPattern == GroundPattern.CHECKER) {
            return ((int) (x + PATTERN_SHIFT) + (int) (z + PATTERN_SHIFT)) & 1;
        }
        return (int) (x * 2 + PATTERN_SHIFT) & 1;
    }

    /** NOISE: two octaves of value noise (1 m and 0.5 m lattices), in [0, 1], repeating every 32 m. */
    static double noisePattern(double x, double z) {
        // bilinear lookup in the tabulated noise
        double u = x * NOISE_TEXELS_PER_METRE + NOISE_SHIFT, v = z * NOISE_TEXELS_PER_METRE + NOISE_SHIFT;
        int iu = (int) u, iv = (int) v;
        double fu = u - iu, fv = v - iv;
        int u0 = iu & NOISE_MASK, u1 = (iu + 1) & NOISE_MASK;
        int v0 = (iv & NOISE_MASK) * NOISE_SIZE, v1 = ((iv + 1) & NOISE_MASK) * NOISE_SIZE;
        float[] t = NOISE_TEXTURE;
        double top = t[v0 + u0] + (t[v0 + u1] - t[v0 + u0]) * fu;
        double bottom = t[v1 + u0] + (t[v1 + u1] - t[v1 + u0]) * fu;
        return top + (bottom - top) * fv;
    }

    private static float[] noiseTexture() {
        float[] texture = new float[NOISE_SIZE * NOISE_SIZE];
        for (int j = 0; j < NOISE_SIZE; j++) {
            for (int i = 0; i < NOISE_SIZE; i++) {
                double x = (double) i / NOISE_TEXELS_PER_METRE, z = (double) j / NOISE_TEXELS_PER_METRE;
                texture[j * NOISE_SIZE + i] = (float) (0.65 * ValueNoise.at(x, z, NOISE_PERIOD_METRES)
                        + 0.35 * ValueNoise.at(2 * x, 2 * z, 2 * NOISE_PERIOD_METRES));
            }
        }
        return texture;
    }

    /** Smooth deterministic value noise on a unit lattice, in [0, 1]. */
    static final class ValueNoise {
        private ValueNoise() {
        }

        /** At (x, z) for x, z >= 0, on a lattice that repeats every {@code period} cells. */
        static double at(double x, double z, int period) {
            double fx = Math.floor(x), fz = Math.floor(z);
            long ix = (long) fx, iz = (long) fz;
            double tx = x - fx, tz = z - fz;
            tx = tx * tx * (3 - 2 * tx);
            tz = tz * tz * (3 - 2 * tz);
            double v00 = lattice(ix % period, iz % period), v10 = lattice((ix + 1) % period, iz % period);
            double v01 = lattice(ix % period, (iz + 1) % period), v11 = lattice((ix + 1) % period, (iz + 1) % period);
            double a = v00 + (v10 - v00) * tx;
            double b = v01 + (v11 - v01) * tx;
            return a + (b - a) * tz;
        }

        private static double lattice(long ix, long iz) {
            long h = ix * 0x9E3779B97F4A7C15L + iz * 0xC2B2AE3D27D4EB4FL;
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
            return (h >>> 11) * 0x1.0p-53;
        }
    }
}
