package io.auteur.engine.internal.judge;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The judge's convolution as a product over gathered patches equals the convolution written out as sums. */
class JudgeConvolutionTest {
    @Test
    void equalsTheConvolutionSumsForStridesPaddingsAndKernels() {
        SplittableRandom random = new SplittableRandom(7);
        int[][] cases = {{3, 2, 1}, {3, 1, 1}, {1, 1, 0}, {4, 4, 0}, {2, 2, 0}};
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (int[] c : cases) {
                int kernel = c[0], stride = c[1], padding = c[2], n = 2, in = 3, out = 4, h = 9, w = 8;
                float[] x = values(random, n * in * h * w), weight = values(random, out * in * kernel * kernel),
                        bias = values(random, out);
                float[] got = JudgeNet.conv(manager.create(x, new Shape(n, in, h, w)),
                        manager.create(weight, new Shape(out, in, kernel, kernel)), manager.create(bias, new Shape(out)),
                        stride, padding).toFloatArray();
                int oh = (h + 2 * padding - kernel) / stride + 1, ow = (w + 2 * padding - kernel) / stride + 1;
                assertThat(got).hasSize(n * out * oh * ow);
                for (int b = 0; b < n; b++) {
                    for (int o = 0; o < out; o++) {
                        for (int y = 0; y < oh; y++) {
                            for (int xo = 0; xo < ow; xo++) {
                                double sum = bias[o];
                                for (int i = 0; i < in; i++) {
                                    for (int ky = 0; ky < kernel; ky++) {
                                        for (int kx = 0; kx < kernel; kx++) {
                                            int sy = y * stride + ky - padding, sx = xo * stride + kx - padding;
                                            if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
                                                sum += weight[((o * in + i) * kernel + ky) * kernel + kx]
                                                        * x[((b * in + i) * h + sy) * w + sx];
                                            }
                                        }
                                    }
                                }
                                assertThat((double) got[((b * out + o) * oh + y) * ow + xo]).as("kernel %d stride %d", kernel, stride)
                                        .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-4));
                            }
                        }
                    }
                }
            }
        }
    }

    private static float[] values(SplittableRandom random, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
