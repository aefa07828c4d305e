package io.auteur.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The convolution as a product over gathered patches equals the convolution written out as sums, in 2D and 3D. */
class ConvolutionTest {
    @Test
    void equalsTheWrittenOutSumsForKernelsAndStridesIn2dAnd3d() {
        SplittableRandom random = new SplittableRandom(7);
        // {input extent per axis, kernel per axis, stride per axis}
        int[][][] cases = {
                {{9, 8}, {3, 3}, {2, 2}}, {{9, 8}, {3, 3}, {1, 1}}, {{9, 8}, {1, 1}, {1, 1}}, {{8, 8}, {4, 4}, {4, 4}},
                {{5, 7, 6}, {3, 3, 3}, {1, 1, 1}}, {{7, 8, 8}, {3, 3, 3}, {2, 1, 1}}, {{5, 9, 8}, {3, 3, 3}, {1, 2, 2}},
                {{4, 3, 3}, {1, 1, 1}, {1, 1, 1}}};
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (int[][] c : cases) {
                int[] extent = c[0], kernel = c[1], stride = c[2];
                int n = 2, in = 3, out = 4, axes = extent.length;
                int[] outExtent = new int[axes];
                long inPositions = 1, taps = 1, outPositions = 1;
                for (int a = 0; a < axes; a++) {
                    outExtent[a] = (extent[a] - kernel[a]) / stride[a] + 1;
                    inPositions *= extent[a];
                    taps *= kernel[a];
                    outPositions *= outExtent[a];
                }
                float[] x = values(random, (int) (n * in * inPositions)), weight = values(random, (int) (out * in * taps)),
                        bias = values(random, out);
                float[] got = Layers.gatheredConvolution(manager.create(x, new Shape(shape(n, in, extent))),
                        manager.create(weight, new Shape(shape(out, in, kernel))), manager.create(bias, new Shape(out)),
                        stride).toFloatArray();
                assertThat(got).hasSize((int) (n * out * outPositions));
                for (int b = 0; b < n; b++) {
                    for (int o = 0; o < out; o++) {
                        for (int p = 0; p < outPositions; p++) {
                            int[] position = unravel(p, outExtent);
                            double sum = bias[o];
                            for (int i = 0; i < in; i++) {
                                for (int t = 0; t < taps; t++) {
                                    int[] offset = unravel(t, kernel);
                                    int source = 0, tapIndex = 0;
                                    for (int a = 0; a < axes; a++) {
                                        source = source * extent[a] + position[a] * stride[a] + offset[a];
                                        tapIndex = tapIndex * kernel[a] + offset[a];
                                    }
                                    sum += weight[(int) ((o * in + i) * taps + tapIndex)] * x[(int) ((b * in + i) * inPositions + source)];
                                }
                            }
                            assertThat((double) got[(int) ((b * out + o) * outPositions + p)])
                                    .as("extent %s kernel %s stride %s", java.util.Arrays.toString(extent),
                                            java.util.Arrays.toString(kernel), java.util.Arrays.toString(stride))
                                    .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-4));
                        }
                    }
                }
            }
            assertThatThrownBy(() -> Layers.gatheredConvolution(manager.zeros(new Shape(1, 3, 4, 4)),
                    manager.zeros(new Shape(2, 3, 3, 3)), manager.zeros(new Shape(2)), 1, 1, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one stride each");
        }
    }

    private static long[] shape(int first, int second, int[] rest) {
        long[] shape = new long[2 + rest.length];
        shape[0] = first;
        shape[1] = second;
        for (int a = 0; a < rest.length; a++) {
            shape[2 + a] = rest[a];
        }
        return shape;
    }

    private static int[] unravel(int index, int[] extent) {
        int[] position = new int[extent.length];
        for (int a = extent.length - 1; a >= 0; a--) {
            position[a] = index % extent[a];
            index /= extent[a];
        }
        return position;
    }

    private static float[] values(SplittableRandom random, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
