package io.auteur.media;

import java.util.ArrayList;
import java.util.List;

/** Synthetic clips with smooth gradients and a moving soft blob: content like footage, which 4:2:0 chroma keeps. */
public final class TestClips {
    private TestClips() {}

    public static Clip movingGradient(int width, int height, int frames, double fps) {
        List<byte[]> out = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            byte[] rgb = new byte[width * height * 3];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = (y * width + x) * 3;
                    double cx = width * (0.3 + 0.02 * t), cy = height * 0.5;
                    double r = Math.hypot(x - cx, y - cy) / (height * 0.2);
                    double blob = Math.exp(-r * r);
                    rgb[i] = (byte) Math.round(blob * 220 + (1 - blob) * (40 + 150.0 * x / width));
                    rgb[i + 1] = (byte) Math.round(blob * 60 + (1 - blob) * (60 + 120.0 * y / height));
                    rgb[i + 2] = (byte) Math.round(blob * 50 + (1 - blob) * (90 + 4 * t));
                }
            }
            out.add(rgb);
        }
        return Clip.of(out, width, height, fps);
    }

    /** Peak signal-to-noise ratio over all frames and channels, in dB. */
    public static double psnr(Clip a, Clip b) {
        if (a.width() != b.width() || a.height() != b.height() || a.frameCount() != b.frameCount()) {
            throw new IllegalArgumentException(a + " and " + b + " differ in shape");
        }
        double sum = 0;
        long n = 0;
        for (int t = 0; t < a.frameCount(); t++) {
            byte[] x = a.frameRgb(t), y = b.frameRgb(t);
            for (int i = 0; i < x.length; i++) {
                double d = (x[i] & 0xff) - (y[i] & 0xff);
                sum += d * d;
            }
            n += x.length;
        }
        double mse = sum / n;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
