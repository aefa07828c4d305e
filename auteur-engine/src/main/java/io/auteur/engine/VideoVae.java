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
 *
 * <p>With the picture shortcut, the latents' first 3r^2 channels carry the picture itself, average-pooled to r times
 * the latent grid and rearranged into channels (r as large as the latent channels allow, at most the spatial factor),
 * and the frames after the first averaged in pairs; the decoder adds that picture back, upsampled. Encoder and decoder
 * then learn only the detail the pooled picture lacks, so a freshly initialised autoencoder already reconstructs a
 * blurred picture and training starts from there (as the residual shortcuts of DC-AE, Chen et al. 2024).
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
    /** r of the picture shortcut (see the class comment), 0 without one. */
    private final int shortcut;
    private final int latentChannels;
    private final int spatialFactor;

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
        // With the picture shortcut, the learned parts start at zero: a fresh autoencoder passes the pooled picture.
        Weights.Init last = config.pictureShortcut() ? Weights.Init.ZEROS : Weights.Init.XAVIER;
        encoderOut = CausalConv3d.of(w, "vae.encoder.out", previous, 2L * config.latentChannels(), 1, 1, last);
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
        decoderOut = CausalConv3d.of(w, "vae.decoder.out", dch.get(0), 12, 1, 1, last);
        latentChannels = config.latentChannels();
        spatialFactor = config.spatialFactor();
        shortcut = config.pictureShortcut() ? shortcutScale(latentChannels, spatialFactor) : 0;
    }

    /** The largest power of two r <= {@code factor} with 3r^2 <= {@code latentChannels}; 0 below 3 channels. */
    static int shortcutScale(int latentChannels, int factor) {
        if (latentChannels < 3) {
            return 0;
        }
        int r = 1;
        while (2 * r <= factor && 3 * (2 * r) * (2 * r) <= latentChannels) {
            r *= 2;
        }
        return r;
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
        NDArray padded = padFrames(pictures);
        NDArray x = encoderIn.forward(spaceToDepth(padded));
        for (int i = 0; i < encoderBlocks.size(); i++) {
            if (i > 0) {
                x = downsamplers.get(i - 1).forward(x);
            }
            x = encoderBlocks.get(i).forward(x);
        }
        x = encoderMiddle.forward(timeDown.forward(x));
        x = encoderOut.forward(silu(encoderNorm.forward(x)));
        NDList parts = x.split(2, 1);
        NDArray mean = shortcut == 0 ? parts.get(0) : parts.get(0).add(pooledPicture(padded));
        return new Posterior(mean, parts.get(1).clip(-20, 10));
    }

    /** Pictures [b, 3, 1 + 2k, H, W] as the shortcut's latent channels [b, latentChannels, 1 + k, h, w]. */
    private NDArray pooledPicture(NDArray pictures) {
        NDArray x = pictures;
        Shape s = x.getShape();
        if (s.get(2) > 1) {
            long pairs = (s.get(2) - 1) / 2;
            NDArray rest = x.get(new NDIndex(":, :, 1:")).reshape(s.get(0), 3, pairs, 2, s.get(3), s.get(4)).mean(new int[] {3});
            x = x.get(new NDIndex(":, :, 0:1")).concat(rest, 2);
        }
        long pool = spatialFactor / shortcut;
        Shape t = x.getShape();
        x = x.reshape(t.get(0), 3, t.get(2), t.get(3) / pool, pool, t.get(4) / pool, pool).mean(new int[] {6}).mean(new int[] {4});
        for (int r = shortcut; r > 1; r /= 2) {
            x = spaceToDepth(x);
        }
        Shape u = x.getShape();
        long missing = latentChannels - u.get(1);
        return missing == 0 ? x : x.concat(x.getManager().zeros(new Shape(u.get(0), missing, u.get(2), u.get(3), u.get(4)),
                x.getDataType()), 1);
    }

    /** The inverse of {@link #pooledPicture} up to the pooling: latents to pictures [b, 3, 1 + 2k, H, W]. */
    private NDArray unpooledPicture(NDArray latents) {
        NDArray x = latents.get(new NDIndex(":, 0:" + 3 * shortcut * shortcut));
        for (int r = shortcut; r > 1; r /= 2) {
            x = depthToSpace(x);
        }
        long pool = spatialFactor / shortcut;
        x = x.repeat(3, pool).repeat(4, pool);
        return x.getShape().get(2) > 1 ? x.repeat(2, 2).get(new NDIndex(":, :, 1:")) : x;
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
        NDArray pictures = depthToSpace(decoderOut.forward(silu(decoderNorm.forward(x))));
        return shortcut == 0 ? pictures : pictures.add(unpooledPicture(latents));
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
