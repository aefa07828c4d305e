package io.auteur.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.auteur.engine.internal.Layers.CausalConv3d;
import io.auteur.engine.internal.Layers.GroupNorm;
import io.auteur.engine.internal.Weights;
import java.util.ArrayList;
import java.util.List;

import static io.auteur.engine.internal.Layers.silu;

/**
 * Causal 3D-convolutional video autoencoder. Pictures [batch, 3, frames, height, width] in [-1, 1] become latents
 * [batch, latentChannels, 1 + frames / 2, height / f, width / f] with f = 2^levels.
 *
 * <p>The first halving is a space-to-depth rearrangement (2x2 pixels become 12 channels) rather than a convolution
 * at full resolution: full-resolution 3D convolutions cost most of a VAE's compute and, measured here, made a
 * 64x64 training step take 28 s on two cores. Each further level halves the picture with a strided convolution,
 * and a final strided convolution halves time after the first frame. Every convolution is causal in time, so the
 * first frame is encoded on its own: an image and the first frame of a video share one latent space.
 */
public final class VideoVae {
    private final CausalConv3d encoderIn;
    private final List<CausalConv3d> downsamplers = new ArrayList<>();
    private final List<Residual> encoderBlocks = new ArrayList<>();
    private final CausalConv3d timeDown;
    private final Residual encoderMiddle;
    private final GroupNorm encoderNorm;
    private final CausalConv3d encoderOut;
    private final CausalConv3d decoderIn;
    private final Residual decoderMiddle;
    private final CausalConv3d timeUp;
    private final List<Residual> decoderBlocks = new ArrayList<>();
    private final List<CausalConv3d> upsamplers = new ArrayList<>();
    private final GroupNorm decoderNorm;
    private final CausalConv3d decoderOut;

    /** Latent mean and log-variance: the regularised latent is sampled from them in training. */
    public record Posterior(NDArray mean, NDArray logVariance) {}

    VideoVae(ModelConfig.Vae config, Weights w) {
        List<Integer> ch = config.channels();
        int levels = ch.size();
        encoderIn = CausalConv3d.of(w, "vae.encoder.in", 12, ch.get(0), 1, 1);
        int previous = ch.get(0);
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                downsamplers.add(CausalConv3d.of(w, "vae.encoder.down" + i, previous, previous, 1, 2));
            }
            encoderBlocks.add(Residual.of(w, "vae.encoder.block" + i, previous, ch.get(i)));
            previous = ch.get(i);
        }
        timeDown = CausalConv3d.of(w, "vae.encoder.time_down", previous, previous, 2, 1);
        encoderMiddle = Residual.of(w, "vae.encoder.middle", previous, previous);
        encoderNorm = GroupNorm.of(w, "vae.encoder.norm", previous);
        encoderOut = CausalConv3d.of(w, "vae.encoder.out", previous, 2L * config.latentChannels(), 1, 1);
        List<Integer> dch = config.decoderChannels();
        int deepest = dch.get(levels - 1);
        decoderIn = CausalConv3d.of(w, "vae.decoder.in", config.latentChannels(), deepest, 1, 1);
        decoderMiddle = Residual.of(w, "vae.decoder.middle", deepest, deepest);
        timeUp = CausalConv3d.of(w, "vae.decoder.time_up", deepest, deepest, 1, 1);
        for (int i = levels - 1; i >= 0; i--) {
            int out = dch.get(Math.max(0, i - 1));
            decoderBlocks.add(Residual.of(w, "vae.decoder.block" + i, dch.get(i), out));
            if (i > 0) {
                upsamplers.add(CausalConv3d.of(w, "vae.decoder.up" + i, out, out, 1, 1));
            }
        }
        decoderNorm = GroupNorm.of(w, "vae.decoder.norm", dch.get(0));
        decoderOut = CausalConv3d.of(w, "vae.decoder.out", dch.get(0), 12, 1, 1);
    }

    /** Pads a picture tensor to 1 + 2k frames by repeating its last frame, as the temporal halving needs. */
    static NDArray padFrames(NDArray pictures) {
        long frames = pictures.getShape().get(2);
        if (frames % 2 == 1) {
            return pictures;
        }
        return pictures.concat(pictures.get(new NDIndex(":, :, -1:")), 2);
    }

    public Posterior posterior(NDArray pictures) {
        NDArray x = encoderIn.forward(spaceToDepth(padFrames(pictures)));
        for (int i = 0; i < encoderBlocks.size(); i++) {
            if (i > 0) {
                x = downsamplers.get(i - 1).forward(x);
            }
            x = encoderBlocks.get(i).forward(x);
        }
        x = encoderMiddle.forward(timeDown.forward(x));
        x = encoderOut.forward(silu(encoderNorm.forward(x)));
        NDList parts = x.split(2, 1);
        return new Posterior(parts.get(0), parts.get(1).clip(-20, 10));
    }

    /** Latent mean of {@code pictures} [batch, 3, frames, height, width] (unscaled; see VideoModel). */
    public NDArray encode(NDArray pictures) {
        return posterior(pictures).mean();
    }

    /** Pictures [batch, 3, 1 + 2k, height, width] of unscaled latents [batch, c, 1 + k, h, w]. */
    public NDArray decode(NDArray latents) {
        NDArray x = decoderMiddle.forward(decoderIn.forward(latents));
        if (x.getShape().get(2) > 1) {
            // Undo the temporal halving: each latent frame after the first stands for two picture frames.
            x = x.repeat(2, 2).get(new NDIndex(":, :, 1:"));
        }
        x = timeUp.forward(x);
        for (int i = 0; i < decoderBlocks.size(); i++) {
            x = decoderBlocks.get(i).forward(x);
            if (i < upsamplers.size()) {
                x = upsamplers.get(i).forward(x.repeat(3, 2).repeat(4, 2));
            }
        }
        return depthToSpace(decoderOut.forward(silu(decoderNorm.forward(x))));
    }

    /** [b, c, t, h, w] -> [b, 4c, t, h/2, w/2]: each 2x2 block of pixels becomes channels. */
    static NDArray spaceToDepth(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1), t = s.get(2), h = s.get(3), w = s.get(4);
        return x.reshape(b, c, t, h / 2, 2, w / 2, 2).transpose(0, 1, 4, 6, 2, 3, 5).reshape(b, c * 4, t, h / 2, w / 2);
    }

    /** The inverse of {@link #spaceToDepth}. */
    static NDArray depthToSpace(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0), c = s.get(1) / 4, t = s.get(2), h = s.get(3), w = s.get(4);
        return x.reshape(b, c, 2, 2, t, h, w).transpose(0, 1, 4, 5, 2, 6, 3).reshape(b, c, t, h * 2, w * 2);
    }

    /** A 1x1x1 convolution without bias: a matrix product over channels at every position. */
    static NDArray pointwise(NDArray weight, NDArray x) {
        Shape s = x.getShape();
        long out = weight.getShape().get(0);
        return weight.reshape(out, s.get(1)).matMul(x.reshape(s.get(0), s.get(1), -1))
                .reshape(s.get(0), out, s.get(2), s.get(3), s.get(4));
    }

    /** GroupNorm, SiLU, convolution, twice, plus a skip (a 1x1x1 convolution when the width changes). */
    record Residual(GroupNorm norm1, CausalConv3d conv1, GroupNorm norm2, CausalConv3d conv2, NDArray skip) {
        static Residual of(Weights w, String name, int in, int out) {
            return new Residual(GroupNorm.of(w, name + ".norm1", in), CausalConv3d.of(w, name + ".conv1", in, out, 1, 1),
                    GroupNorm.of(w, name + ".norm2", out), CausalConv3d.of(w, name + ".conv2", out, out, 1, 1),
                    in == out ? null : w.parameter(name + ".skip", Weights.Init.XAVIER, out, in, 1, 1, 1));
        }

        NDArray forward(NDArray x) {
            NDArray h = conv2.forward(silu(norm2.forward(conv1.forward(silu(norm1.forward(x))))));
            NDArray shortcut = skip == null ? x : pointwise(skip, x);
            return shortcut.add(h);
        }
    }
}
