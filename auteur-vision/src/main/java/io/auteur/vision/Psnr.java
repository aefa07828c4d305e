package io.auteur.vision;

/**
 * Peak signal-to-noise ratio of 8-bit pictures against a reference, in dB. Identical pictures are capped at
 * {@link #MAX_DB} so that averages and reports stay finite.
 */
public final class Psnr {
    public static final double MAX_DB = 99;

    private Psnr() {}

    /** PSNR of two equally long 8-bit sample arrays (RGB frames, say). */
    public static double of(byte[] a, byte[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("PSNR needs two non-empty arrays of one length, were " + a.length
                    + " and " + b.length);
        }
        double squared = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (a[i] & 0xff) - (b[i] & 0xff);
            squared += d * d;
        }
        return fromMeanSquaredError(squared / a.length);
    }

    /** PSNR of a mean squared error over 8-bit samples (for measures over part of a picture, such as a mask). */
    public static double fromMeanSquaredError(double meanSquared) {
        return meanSquared == 0 ? MAX_DB : Math.min(MAX_DB, 10 * Math.log10(255.0 * 255.0 / meanSquared));
    }
}
