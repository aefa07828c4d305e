package io.auteur.engine.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.auteur.engine.internal.Weights.Init;
import java.util.ArrayList;
import java.util.List;

/** The building blocks of the models as small records over named parameters, each with one forward method. */
public final class Layers {
    private Layers() {}

    /** y = x W^T + b over the last axis. */
    public record Linear(NDArray weight, NDArray bias) {
        public static Linear of(Weights w, String name, long in, long out, Init init) {
            return new Linear(w.parameter(name + ".weight", init, out, in), w.parameter(name + ".bias", Init.ZEROS, out));
        }

        public static Linear of(Weights w, String name, long in, long out) {
            return of(w, name, in, out, Init.XAVIER);
        }

        public NDArray forward(NDArray x) {
            return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
        }
    }

    /**
     * 3D convolution over [batch, channels, time, height, width] with a 3x3x3 kernel. Causal in time: the first frame
     * is repeated in front instead of zero padding on both sides, so frame t never sees frame t + 1 and a single
     * frame (an image) encodes the same as the first frame of a video.
     */
    public record CausalConv3d(NDArray weight, NDArray bias, int timeStride, int spaceStride) {
        public static CausalConv3d of(Weights w, String name, long in, long out, int timeStride, int spaceStride) {
            return of(w, name, in, out, timeStride, spaceStride, Init.XAVIER);
        }

        public static CausalConv3d of(Weights w, String name, long in, long out, int timeStride, int spaceStride,
                                      Init init) {
            return new CausalConv3d(w.parameter(name + ".weight", init, out, in, 3, 3, 3),
                    w.parameter(name + ".bias", Init.ZEROS, out), timeStride, spaceStride);
        }

        public NDArray forward(NDArray x) {
            NDArray first = x.get(new NDIndex(":, :, 0:1"));
            NDArray padded = first.concat(first, 2).concat(x, 2).pad(new Shape(1, 1, 1, 1), 0);
            Shape s = x.getShape();
            long patchValues = s.get(0) * s.get(1) * 27 * (s.get(2) / timeStride) * s.get(3) * s.get(4)
                    / ((long) spaceStride * spaceStride);
            if (patchValues <= GATHERED_LIMIT) {
                return gatheredConvolution(padded, weight, bias, timeStride, spaceStride, spaceStride);
            }
            return ai.djl.nn.convolutional.Conv3d.conv3d(padded, weight, bias,
                    new Shape(timeStride, spaceStride, spaceStride), new Shape(0, 0, 0)).singletonOrThrow();
        }
    }

    /**
     * Convolutions whose gathered patches hold at most this many values are computed by
     * {@link #gatheredConvolution}, larger ones by PyTorch. PyTorch's CPU convolution (oneDNN) returns wrong values
     * and NaN now and then from finite operands on AMD Zen 5 (EPYC), depending on the shape and the instruction set
     * it picks: measured, the bundled VAE's encoder gave NaN for the same batch in 21 of 30 calls with oneDNN held
     * to AVX2 and in none at AVX-512, while toy VAEs had NaN gradients in 4 to 14 of 30 training steps at AVX-512.
     * The gathered product is exact and deterministic but costs memory and time with the size (a decoder training
     * step of the tiny config: 43 s against 3 s), so it takes the small convolutions, where it costs little; the
     * trainer computes a step whose gradients come out non-finite again (see Trainer).
     */
    static final long GATHERED_LIMIT = 1L << 22;

    /**
     * The convolution of {@code x} [batch, channels, spatial...] (2 or 3 spatial axes, already padded) with
     * {@code weight} [out, channels, kernel...] and {@code bias} [out] at {@code strides}, one per spatial axis, as a
     * matrix product over gathered patches: strided slices of the input stacked as channels, so the product is the
     * convolution exactly and gradients flow through slicing and the product as through a convolution.
     */
    public static NDArray gatheredConvolution(NDArray x, NDArray weight, NDArray bias, int... strides) {
        Shape in = x.getShape();
        int axes = in.dimension() - 2;
        if (axes != strides.length || axes < 2 || axes > 3 || weight.getShape().dimension() != axes + 2) {
            throw new IllegalArgumentException("convolution over 2 or 3 axes with one stride each, was " + in + ", "
                    + weight.getShape() + " and " + strides.length + " strides");
        }
        long n = in.get(0), channels = in.get(1), outChannels = weight.getShape().get(0);
        long[] kernel = new long[axes], out = new long[axes];
        long taps = 1, positions = 1;
        for (int a = 0; a < axes; a++) {
            kernel[a] = weight.getShape().get(2 + a);
            out[a] = (in.get(2 + a) - kernel[a]) / strides[a] + 1;
            taps *= kernel[a];
            positions *= out[a];
        }
        List<NDArray> gathered = new ArrayList<>((int) taps);
        long[] offset = new long[axes];
        for (long tap = 0; tap < taps; tap++) {
            // Offsets in row-major order over the kernel, the order of the weight's last axes.
            for (int a = axes - 1, rest = (int) tap; a >= 0; a--) {
                offset[a] = rest % kernel[a];
                rest /= (int) kernel[a];
            }
            StringBuilder index = new StringBuilder(":, :");
            for (int a = 0; a < axes; a++) {
                index.append(", ").append(offset[a]).append(':').append(offset[a] + strides[a] * (out[a] - 1) + 1)
                        .append(':').append(strides[a]);
            }
            gathered.add(x.get(new NDIndex(index.toString())));
        }
        // [n, channels, taps, positions]: the same channel-major, tap-minor order as the weight's.
        NDArray patches = NDArrays.stack(new NDList(gathered), 2).reshape(n, channels * taps, positions);
        NDArray y = weight.reshape(outChannels, channels * taps).matMul(patches).add(bias.reshape(1, outChannels, 1));
        long[] shape = new long[2 + axes];
        shape[0] = n;
        shape[1] = outChannels;
        System.arraycopy(out, 0, shape, 2, axes);
        return y.reshape(shape);
    }

    /** Group normalisation over channels of [batch, channels, ...]. */
    public record GroupNorm(NDArray gamma, NDArray beta, int groups) {
        public static GroupNorm of(Weights w, String name, long channels) {
            int groups = (int) Math.min(8, channels);
            while (channels % groups != 0) {
                groups--;
            }
            return new GroupNorm(w.parameter(name + ".weight", Init.ONES, channels),
                    w.parameter(name + ".bias", Init.ZEROS, channels), groups);
        }

        /**
         * For video [b, c, t, h, w] the statistics are taken per frame, so normalisation stays causal in time (a
         * frame's features never depend on later frames).
         */
        public NDArray forward(NDArray x) {
            Shape shape = x.getShape();
            NDArray normalised;
            if (shape.dimension() == 5) {
                long b = shape.get(0), c = shape.get(1), t = shape.get(2), hw = shape.get(3) * shape.get(4);
                NDArray perFrame = x.reshape(b, groups, c / groups, t, hw).transpose(0, 1, 3, 2, 4)
                        .reshape(b, groups, t, (c / groups) * hw);
                normalised = standardise(perFrame, 3).reshape(b, groups, t, c / groups, hw).transpose(0, 1, 3, 2, 4)
                        .reshape(shape);
            } else {
                normalised = standardise(x.reshape(shape.get(0), groups, -1), 2).reshape(shape);
            }
            long[] broadcast = new long[shape.dimension()];
            java.util.Arrays.fill(broadcast, 1);
            broadcast[1] = shape.get(1);
            return normalised.mul(gamma.reshape(broadcast)).add(beta.reshape(broadcast));
        }

        private static NDArray standardise(NDArray x, int axis) {
            NDArray centred = x.sub(x.mean(new int[] {axis}, true));
            return centred.div(centred.square().mean(new int[] {axis}, true).add(1e-5f).sqrt());
        }
    }

    /** Layer normalisation over the last axis; without parameters when adaLN supplies the scale and shift. */
    public static NDArray layerNorm(NDArray x) {
        NDArray mean = x.mean(new int[] {-1}, true);
        NDArray centred = x.sub(mean);
        NDArray variance = centred.square().mean(new int[] {-1}, true);
        return centred.div(variance.add(1e-6f).sqrt());
    }

    public record LayerNorm(NDArray gamma, NDArray beta) {
        public static LayerNorm of(Weights w, String name, long width) {
            return new LayerNorm(w.parameter(name + ".weight", Init.ONES, width), w.parameter(name + ".bias", Init.ZEROS, width));
        }

        public NDArray forward(NDArray x) {
            return layerNorm(x).mul(gamma).add(beta);
        }
    }

    public static NDArray silu(NDArray x) {
        return x.mul(ai.djl.nn.Activation.sigmoid(x));
    }

    /** Multi-head attention of queries [n, lq, d] over keys and values [n, lk, d]. */
    public record Attention(Linear query, Linear key, Linear value, Linear out, int heads) {
        public static Attention of(Weights w, String name, long width, long contextWidth, int heads) {
            return new Attention(Linear.of(w, name + ".q", width, width), Linear.of(w, name + ".k", contextWidth, width),
                    Linear.of(w, name + ".v", contextWidth, width), Linear.of(w, name + ".out", width, width), heads);
        }

        /**
         * @param keyMask [n, lk] with 1 for keys to attend to and 0 for padding, or null for all
         */
        public NDArray forward(NDArray x, NDArray context, NDArray keyMask) {
            long n = x.getShape().get(0), lq = x.getShape().get(1), lk = context.getShape().get(1);
            long width = x.getShape().get(2), headWidth = width / heads;
            NDArray q = query.forward(x).reshape(n, lq, heads, headWidth).transpose(0, 2, 1, 3);
            NDArray k = key.forward(context).reshape(n, lk, heads, headWidth).transpose(0, 2, 3, 1);
            NDArray v = value.forward(context).reshape(n, lk, heads, headWidth).transpose(0, 2, 1, 3);
            NDArray scores = q.matMul(k).mul(1.0f / (float) Math.sqrt(headWidth));
            if (keyMask != null) {
                scores = scores.add(keyMask.sub(1f).mul(1e9f).reshape(n, 1, 1, lk));
            }
            NDArray attended = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(n, lq, width);
            return out.forward(attended);
        }
    }
}
