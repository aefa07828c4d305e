package io.auteur.vision.internal;

/**
 * Optical flow drawn as colour on the Middlebury colour wheel (Baker et al., "A Database and Evaluation
 * Methodology for Optical Flow", 2011, the wheel of their colorcode.cpp): hue is the direction, saturation
 * the magnitude up to the saturation length, beyond it the hue at 75 % brightness, white for no motion.
 *
 * <p>This is the encoding previs writes flow.mp4 in (its {@code render.FlowColours}), repeated here rather
 * than imported because vision depends on media only; a test checks the two agree byte for byte, so a flow
 * control extracted from footage and one rendered by previs mean the same thing to the engine.
 */
public final class FlowWheel {
    private static final int[][] WHEEL = colourWheel();

    private FlowWheel() {}

    /**
     * @param flow          dx, dy per pixel, interleaved, row-major
     * @param maxMagnitude  flow length in pixels that reaches full saturation
     * @return 8-bit RGB, interleaved
     */
    public static byte[] toRgb(float[] flow, int width, int height, double maxMagnitude) {
        byte[] rgb = new byte[3 * width * height];
        int colours = WHEEL.length;
        for (int i = 0; i < width * height; i++) {
            double u = flow[2 * i] / maxMagnitude, v = flow[2 * i + 1] / maxMagnitude;
            if (!Double.isFinite(u) || !Double.isFinite(v)) {
                u = 0;
                v = 0;
            }
            double radius = Math.sqrt(u * u + v * v);
            double angle = StrictMath.atan2(-v, -u) / Math.PI;
            double position = (angle + 1) / 2 * (colours - 1);
            int k0 = (int) Math.floor(position);
            int k1 = k0 + 1 == colours ? 0 : k0 + 1;
            double fraction = position - k0;
            for (int channel = 0; channel < 3; channel++) {
                double c0 = WHEEL[k0][channel] / 255.0, c1 = WHEEL[k1][channel] / 255.0;
                double c = (1 - fraction) * c0 + fraction * c1;
                c = radius <= 1 ? 1 - radius * (1 - c) : c * 0.75;
                rgb[3 * i + channel] = (byte) (int) Math.floor(255 * c);
            }
        }
        return rgb;
    }

    /** Red, yellow, green, cyan, blue, magenta, in 15, 6, 4, 11, 13 and 6 steps: 55 colours. */
    private static int[][] colourWheel() {
        int ry = 15, yg = 6, gc = 4, cb = 11, bm = 13, mr = 6;
        int[][] wheel = new int[ry + yg + gc + cb + bm + mr][];
        int k = 0;
        for (int i = 0; i < ry; i++) {
            wheel[k++] = new int[] {255, 255 * i / ry, 0};
        }
        for (int i = 0; i < yg; i++) {
            wheel[k++] = new int[] {255 - 255 * i / yg, 255, 0};
        }
        for (int i = 0; i < gc; i++) {
            wheel[k++] = new int[] {0, 255, 255 * i / gc};
        }
        for (int i = 0; i < cb; i++) {
            wheel[k++] = new int[] {0, 255 - 255 * i / cb, 255};
        }
        for (int i = 0; i < bm; i++) {
            wheel[k++] = new int[] {255 * i / bm, 0, 255};
        }
        for (int i = 0; i < mr; i++) {
            wheel[k++] = new int[] {255, 0, 255 - 255 * i / mr};
        }
        return wheel;
    }
}
