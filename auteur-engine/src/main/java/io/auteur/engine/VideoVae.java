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
 * [batch, latentChannels, 1 + frames / 2, height / f, width / f]: every level halves the picture, the last also
 * halves time after the first frame. Because every convolution is causal in time, the first frame is encoded on its
 * own, so an image and the first frame of a video share one latent space (image-to-video needs nothing else).
 */
public final class VideoVae {
    private final CausalConv3d encoderIn;
    private final List<Residual> encoderBlocks = new ArrayList<>();
    private final List<CausalConv3d> downsamplers = new ArrayList<>();
    private final Residual encoderMiddle;
    private final GroupNorm encoderNorm;
    private final CausalConv3d encoderOut;
    private final CausalConv3d decoderIn;
    private final Residual decoderMiddle;
    private final List<CausalConv3d> upsamplers = new ArrayList<>();
    private final List<Residual> decoderBlocks = new ArrayList<>();
    private final GroupNorm decoderNorm;
    private final CausalConv3d decoderOut;

    /** Latent mean and log-variance: the regularised latent is sampled from them in training. */
    public record Posterior(NDArray mean, NDArray logVariance) {}

    VideoVae(ModelConfig.Vae config, Weights w) {
        List<Integer> ch = config.channels();
        int levels = ch.size();
        encoderIn = CausalConv3d.of(w, "vae.encoder.in", 3, ch.get(0), 1, 1);
        int previous = ch.get(0);
        for (int i = 0; i < levels; i++) {
            encoderBlocks.add(Residual.of(w, "vae.encoder.block" + i, previous, ch.get(i)));
            downsamplers.add(CausalConv3d.of(w, "vae.encoder.down" + i, ch.get(i), ch.get(i), i == levels - 1 ? 2 : 1, 2));
            previous = ch.get(i);
        }
        encoderMiddle = Residual.of(w, "vae.encoder.middle", previous, previous);
        encoderNorm = GroupNorm.of(w, "vae.encoder.norm", previous);
        encoderOut = CausalConv3d.of(w, "vae.encoder.out", previous, 2L * config.latentChannels(), 1, 1);
        decoderIn = CausalConv3d.of(w, "vae.decoder.in", config.latentChannels(), previous, 1, 1);
        decoderMiddle = Residual.of(w, "vae.decoder.middle", previous, previous);
        for (int i = levels - 1; i >= 0; i--) {
            int out = ch.get(Math.max(0, i - 1));
            upsamplers.add(CausalConv3d.of(w, "vae.decoder.up" + i, ch.get(i), ch.get(i), 1, 1));
            decoderBlocks.add(Residual.of(w, "vae.decoder.block" + i, ch.get(i), out));
        }
        decoderNorm = GroupNorm.of(w, "vae.decoder.norm", ch.get(0));
        decoderOut = CausalConv3d.of(w, "vae.decoder.out", ch.get(0), 3, 1, 1);
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
        NDArray x = encoderIn.forward(padFrames(pictures));
        for (int i = 0; i < encoderBlocks.size(); i++) {
            x = downsamplers.get(i).forward(encoderBlocks.get(i).forward(x));
        }
        x = encoderOut.forward(silu(encoderNorm.forward(encoderMiddle.forward(x))));
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
        for (int i = 0; i < upsamplers.size(); i++) {
            if (i == 0 && x.getShape().get(2) > 1) {
                // Undo the temporal halving: each latent frame after the first stands for two picture frames.
                NDArray doubled = x.repeat(2, 2);
                x = doubled.get(new NDIndex(":, :, 1:"));
            }
            x = x.repeat(3, 2).repeat(4, 2);
            x = decoderBlocks.get(i).forward(upsamplers.get(i).forward(x));
        }
        return decoderOut.forward(silu(decoderNorm.forward(x)));
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
            NDArray shortcut = skip == null ? x
                    : ai.djl.nn.convolutional.Conv3d.conv3d(x, skip, null, new Shape(1, 1, 1), new Shape(0, 0, 0))
                            .singletonOrThrow();
            return shortcut.add(h);
        }
    }
}
