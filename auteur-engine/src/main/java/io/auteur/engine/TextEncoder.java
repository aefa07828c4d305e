package io.auteur.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.auteur.engine.internal.Layers.Attention;
import io.auteur.engine.internal.Layers.LayerNorm;
import io.auteur.engine.internal.Layers.Linear;
import io.auteur.engine.internal.Weights;
import java.util.ArrayList;
import java.util.List;

/** Token embeddings plus a small pre-norm transformer; its outputs are the keys of the denoiser's cross-attention. */
public final class TextEncoder {
    /** The learned position table, one row per word the encoder reads. */
    static final String POSITIONS = "text.positions";
    private final ModelConfig.Text config;
    private final NDArray embedding;
    private final NDArray positions;
    private final List<Block> blocks = new ArrayList<>();
    private final LayerNorm finalNorm;

    /** Encoded tokens [batch, tokens, width] and their mask [batch, tokens] (1 for a word, 0 for padding). */
    public record Encoded(NDArray tokens, NDArray mask) {}

    TextEncoder(ModelConfig.Text config, int vocabulary, Weights w) {
        this.config = config;
        embedding = w.parameter("text.embedding", Weights.Init.NORMAL_002, vocabulary, config.width());
        positions = w.parameter(POSITIONS, Weights.Init.NORMAL_002, config.maxTokens(), config.width());
        for (int i = 0; i < config.depth(); i++) {
            String name = "text.block" + i;
            blocks.add(new Block(LayerNorm.of(w, name + ".norm1", config.width()),
                    Attention.of(w, name + ".attention", config.width(), config.width(), config.heads()),
                    LayerNorm.of(w, name + ".norm2", config.width()),
                    Linear.of(w, name + ".mlp1", config.width(), 4L * config.width()),
                    Linear.of(w, name + ".mlp2", 4L * config.width(), config.width())));
        }
        finalNorm = LayerNorm.of(w, "text.norm", config.width());
    }

    public int maxTokens() {
        return config.maxTokens();
    }

    /** Encodes token ids [batch][maxTokens] (0 = padding). */
    public Encoded encode(NDManager manager, int[][] ids) {
        int batch = ids.length, length = config.maxTokens();
        int[] flat = new int[batch * length];
        float[] maskValues = new float[batch * length];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < length; i++) {
                flat[b * length + i] = ids[b][i];
                maskValues[b * length + i] = ids[b][i] == Tokenizer.PAD ? 0 : 1;
            }
        }
        NDArray index = manager.create(flat, new Shape(batch * length)).toDevice(embedding.getDevice(), false);
        NDArray mask = manager.create(maskValues, new Shape(batch, length)).toDevice(embedding.getDevice(), false);
        NDArray oneHot = index.oneHot((int) embedding.getShape().get(0), ai.djl.ndarray.types.DataType.FLOAT32);
        NDArray x = oneHot.matMul(embedding).reshape(batch, length, config.width()).add(positions);
        for (Block block : blocks) {
            x = block.forward(x, mask);
        }
        return new Encoded(finalNorm.forward(x), mask);
    }

    private record Block(LayerNorm norm1, Attention attention, LayerNorm norm2, Linear mlp1, Linear mlp2) {
        NDArray forward(NDArray x, NDArray mask) {
            NDArray h = norm1.forward(x);
            x = x.add(attention.forward(h, h, mask));
            return x.add(mlp2.forward(ai.djl.nn.Activation.gelu(mlp1.forward(norm2.forward(x)))));
        }
    }
}
