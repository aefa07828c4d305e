package io.auteur.previs.render;

/**
 * Linear light to 8-bit sRGB: identity up to a knee, then an exponential shoulder that approaches 1
 * (so sunlit highlights roll off instead of clipping), then the sRGB transfer function (IEC 61966-2-1).
 * Tabulated, because three pow calls per pixel would cost more than the rest of a 64x64 frame.
 */
final class ToneCurve {
    static final double KNEE = 0.8;
    private static final double MAX_INPUT = 2.0;
    private static final int STEPS_PER_UNIT = 16384;
    private static final byte[] TABLE = new byte[(int) (MAX_INPUT * STEPS_PER_UNIT) + 1];

    static {
        for (int i = 0; i < TABLE.length; i++) {
            TABLE[i] = (byte) Math.round(255 * encodeSrgb(shoulder((double) i / STEPS_PER_UNIT)));
        }
    }

    private ToneCurve() {
    }

    /** The 8-bit sRGB code of a linear value (any value; negative and NaN give 0). */
    static byte toSrgbByte(double linear) {
        if (!(linear > 0)) {
            return 0;
        }
        if (linear >= MAX_INPUT) {
            return TABLE[TABLE.length - 1];
        }
        return TABLE[(int) (linear * STEPS_PER_UNIT + 0.5)];
    }

    static double shoulder(double c) {
        if (c <= KNEE) {
            return c;
        }
        double headroom = 1 - KNEE;
        return KNEE + headroom * (1 - StrictMath.exp(-(c - KNEE) / headroom));
    }

    static double encodeSrgb(double c) {
        return c <= 0.0031308 ? 12.92 * c : 1.055 * StrictMath.pow(c, 1 / 2.4) - 0.055;
    }
}
