package io.auteur.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.auteur.engine.internal.Layers.Attention;
import io.auteur.engine.internal.Layers.LayerNorm;
import io.auteur.engine.internal.Layers.Linear;
import io.auteur.engine.internal.Weights;
import io.auteur.engine.internal.Weights.Init;
import java.util.ArrayList;
import java.util.List;

import static io.auteur.engine.internal.Layers.layerNorm;
import static io.auteur.engine.internal.Layers.silu;

/**
 * Diffusion transformer over latent patches. Each block attends within a frame (spatial), across frames at one
 * place (temporal), then to the text, then applies an MLP; the flow-matching time, the pooled text and the control
 * kind condition every block through adaLN-zero (modulation initialised to zero, so a fresh block is the identity).
 * Positions are factorised learned embeddings: one per latent frame plus one per patch position.
 *
 * <p>Input channels: the noisy latents, then the known latents, the known mask and the control latents, so every
 * conditioning mode is the same network with different inputs.
 */
public final class Denoiser {
    /** Control kinds the denoiser knows; index 0 is "no control". */
    public static final List<String> CONTROL_KINDS = List.of("none", "depth", "edges", "pose", "flow");
    /** The parameters whose shapes follow the latents' width: the layers that read and write latent patches. */
    static final List<String> LATENT_LAYERS = List.of("denoiser.patch_in.", "denoiser.patch_out.");

    private final ModelConfig config;
    private final int latentChannels;
    private final int inputChannels;
    private final int maxLatentFrames;
    private final int maxPatches;
    private final Linear patchIn;
    private final NDArray framePositions;
    private final NDArray patchPositions;
    private final Linear time1;
    private final Linear time2;
    private final Linear textPool;
    private final Linear textProject;
    private final NDArray controlEmbedding;
    private final List<Block> blocks = new ArrayList<>();
    private final Linear finalModulation;
    private final Linear patchOut;

    Denoiser(ModelConfig config, Weights w) {
        this.config = config;
        ModelConfig.Denoiser d = config.denoiser();
        int width = d.width(), patch = d.patch();
        latentChannels = config.vae().latentChannels();
        inputChannels = 3 * latentChannels + 1;
        maxLatentFrames = config.latentFrames(config.frames());
        maxPatches = (config.latentWidth() / patch) * (config.latentHeight() / patch);
        patchIn = Linear.of(w, "denoiser.patch_in", (long) inputChannels * patch * patch, width);
        framePositions = w.parameter("denoiser.frame_positions", Init.NORMAL_002, maxLatentFrames, width);
        patchPositions = w.parameter("denoiser.patch_positions", Init.NORMAL_002, maxPatches, width);
        time1 = Linear.of(w, "denoiser.time1", width, width);
        time2 = Linear.of(w, "denoiser.time2", width, width);
        textPool = Linear.of(w, "denoiser.text_pool", config.text().width(), width);
        textProject = Linear.of(w, "denoiser.text_project", config.text().width(), width);
        controlEmbedding = w.parameter("denoiser.control_kinds", Init.NORMAL_002, CONTROL_KINDS.size(), width);
        for (int i = 0; i < d.depth(); i++) {
            String name = "denoiser.block" + i;
            blocks.add(new Block(Linear.of(w, name + ".modulation", width, 9L * width, Init.ZEROS),
                    Attention.of(w, name + ".spatial", width, width, d.heads()),
                    Attention.of(w, name + ".temporal", width, width, d.heads()),
                    LayerNorm.of(w, name + ".cross_norm", width),
                    Attention.of(w, name + ".cross", width, width, d.heads()),
                    Linear.of(w, name + ".mlp1", width, (long) d.mlpRatio() * width),
                    Linear.of(w, name + ".mlp2", (long) d.mlpRatio() * width, width)));
        }
        finalModulation = Linear.of(w, "denoiser.final_modulation", width, 2L * width, Init.ZEROS);
        patchOut = Linear.of(w, "denoiser.patch_out", width, (long) latentChannels * patch * patch, Init.ZEROS);
    }

    /** The conditioning of one forward pass besides the noisy latents and the time. */
    public record Conditions(NDArray known, NDArray knownMask, NDArray control, int[] controlKinds,
                             TextEncoder.Encoded text) {}

    /**
     * The flow-matching velocity for {@code noisy} [batch, c, frames, h, w] at times {@code time} [batch] in [0, 1].
     */
    public NDArray velocity(NDArray noisy, NDArray time, Conditions conditions) {
        Shape shape = noisy.getShape();
        long batch = shape.get(0), frames = shape.get(2), h = shape.get(3), w = shape.get(4);
        int patch = config.denoiser().patch(), width = config.denoiser().width();
        long rows = h / patch, columns = w / patch, patches = rows * columns;
        if (frames > maxLatentFrames || patches > maxPatches || h % patch != 0 || w % patch != 0) {
            throw new GenerationException("latents of " + frames + " frames and " + h + "x" + w
                    + " exceed what this model was built for (" + maxLatentFrames + " frames, " + maxPatches + " patches)");
        }
        // 1. Patchify [b, C, t, h, w] -> tokens [b, t, patches, C * p * p].
        NDArray input = noisy.concat(conditions.known(), 1).concat(conditions.knownMask(), 1).concat(conditions.control(), 1);
        NDArray tokens = input.reshape(batch, inputChannels, frames, rows, patch, columns, patch)
                .transpose(0, 2, 3, 5, 1, 4, 6).reshape(batch, frames, patches, (long) inputChannels * patch * patch);
        NDArray x = patchIn.forward(tokens)
                .add(framePositions.get("0:" + frames).reshape(1, frames, 1, width))
                .add(patchPositions.get("0:" + patches).reshape(1, 1, patches, width));
        // 2. Conditioning vector: time, pooled text, control kind.
        NDManager manager = noisy.getManager();
        NDArray text = conditions.text().tokens();
        NDArray mask = conditions.text().mask();
        NDArray pooled = text.mul(mask.expandDims(2)).sum(new int[] {1})
                .div(mask.sum(new int[] {1}, true).maximum(1f));
        NDArray kinds = manager.create(conditions.controlKinds()).toDevice(noisy.getDevice(), false)
                .oneHot(CONTROL_KINDS.size(), ai.djl.ndarray.types.DataType.FLOAT32);
        NDArray c = time2.forward(silu(time1.forward(timeEmbedding(time, width))))
                .add(textPool.forward(pooled)).add(kinds.matMul(controlEmbedding));
        NDArray context = textProject.forward(text);
        NDArray conditioning = silu(c);
        // 3. Transformer blocks.
        for (Block block : blocks) {
            x = block.forward(x, conditioning, context, mask, config.denoiser().heads());
        }
        // 4. Final adaLN, project, unpatchify.
        NDList shiftScale = finalModulation.forward(conditioning).reshape(batch, 1, 1, 2L * width).split(2, 3);
        x = layerNorm(x).mul(shiftScale.get(1).add(1f)).add(shiftScale.get(0));
        NDArray out = patchOut.forward(x).reshape(batch, frames, rows, columns, latentChannels, patch, patch);
        return out.transpose(0, 4, 1, 2, 5, 3, 6).reshape(batch, latentChannels, frames, h, w);
    }

    /** Sinusoidal embedding of t in [0, 1] scaled to [0, 1000], as diffusion models embed their time. */
    private static NDArray timeEmbedding(NDArray time, int width) {
        int half = width / 2;
        float[] frequencies = new float[half];
        for (int i = 0; i < half; i++) {
            frequencies[i] = (float) Math.exp(-Math.log(10_000) * i / half);
        }
        NDArray f = time.getManager().create(frequencies).toDevice(time.getDevice(), false);
        NDArray angles = time.mul(1000f).expandDims(1).mul(f.expandDims(0));
        return angles.sin().concat(angles.cos(), 1);
    }

    private record Block(Linear modulation, Attention spatial, Attention temporal, LayerNorm crossNorm,
                         Attention cross, Linear mlp1, Linear mlp2) {
        NDArray forward(NDArray x, NDArray conditioning, NDArray context, NDArray textMask, int heads) {
            Shape shape = x.getShape();
            long b = shape.get(0), t = shape.get(1), n = shape.get(2), d = shape.get(3);
            NDList m = modulation.forward(conditioning).reshape(b, 1, 1, 9 * d).split(9, 3);
            // Spatial attention: the patches of one frame.
            NDArray h = modulate(x, m.get(0), m.get(1)).reshape(b * t, n, d);
            x = x.add(spatial.forward(h, h, null).reshape(b, t, n, d).mul(m.get(2)));
            // Temporal attention: one patch position across frames.
            h = modulate(x, m.get(3), m.get(4)).transpose(0, 2, 1, 3).reshape(b * n, t, d);
            x = x.add(temporal.forward(h, h, null).reshape(b, n, t, d).transpose(0, 2, 1, 3).mul(m.get(5)));
            // Cross-attention to the text.
            h = crossNorm.forward(x).reshape(b, t * n, d);
            x = x.add(cross.forward(h, context, textMask).reshape(b, t, n, d));
            // MLP.
            h = ai.djl.nn.Activation.gelu(mlp1.forward(modulate(x, m.get(6), m.get(7))));
            return x.add(mlp2.forward(h).mul(m.get(8)));
        }

        private static NDArray modulate(NDArray x, NDArray shift, NDArray scale) {
            return layerNorm(x).mul(scale.add(1f)).add(shift);
        }
    }

    /**
     * Floating-point operations (a multiply-add counts two) of one forward pass at this config's full window for
     * {@code batch} samples and {@code textTokens} text tokens: every matrix product, including attention scores
     * and their weighted sums; norms, activations and the text encoder are left out.
     */
    public long forwardFlops(int batch, int textTokens) {
        ModelConfig.Denoiser d = config.denoiser();
        long p2 = (long) d.patch() * d.patch();
        long t = maxLatentFrames, n = maxPatches, width = d.width(), tokens = batch * t * n;
        long flops = 2 * tokens * inputChannels * p2 * width;
        long perBlock = 2 * tokens * width * width * 4 // spatial q, k, v, out
                + 2L * 2 * batch * t * n * n * width // spatial scores and weighted sum
                + 2 * tokens * width * width * 4 // temporal q, k, v, out
                + 2L * 2 * batch * n * t * t * width // temporal scores and weighted sum
                + 2 * tokens * width * width * 2 // cross q, out
                + 2L * 2 * batch * textTokens * width * width // cross k, v
                + 2L * 2 * tokens * textTokens * width // cross scores and weighted sum
                + 2L * 2 * tokens * width * width * d.mlpRatio(); // MLP
        flops += d.depth() * perBlock;
        flops += 2 * tokens * width * latentChannels * p2;
        return flops;
    }

    int inputChannels() {
        return inputChannels;
    }
}
