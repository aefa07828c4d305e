package io.auteur.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.auteur.engine.internal.Weights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A whole model: config, tokenizer, VAE, text encoder and denoiser over one set of weights, on one device. A model
 * folder holds config.json, tokenizer.json and model.safetensors (and a model card, written by training).
 */
public final class VideoModel implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String WEIGHTS = "model.safetensors";
    /** The names of the VAE decoder's parameters start with this. */
    static final String DECODER_PREFIX = "vae.decoder.";

    static {
        // Never download natives or models at run time: the PyTorch natives come from Maven Central as a jar.
        System.setProperty("ai.djl.offline", "true");
    }

    private ModelConfig config;
    private final Tokenizer tokenizer;
    private final NDManager manager;
    private final Weights weights;
    private final VideoVae vae;
    private final TextEncoder text;
    private final Denoiser denoiser;

    private VideoModel(ModelConfig config, Tokenizer tokenizer, NDManager manager, Weights weights) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.manager = manager;
        this.weights = weights;
        this.vae = new VideoVae(config.vae(), weights);
        this.text = new TextEncoder(config.text(), tokenizer.size(), weights);
        this.denoiser = new Denoiser(config, weights);
        weights.checkAllUsed();
    }

    /** The device to run on: the first GPU when the engine sees one, else the CPU (chosen at run time). */
    public static Device defaultDevice() {
        Engine engine = Engine.getEngine("PyTorch");
        return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** A model with fresh weights initialised from {@code seed}. */
    public static VideoModel create(ModelConfig config, Tokenizer tokenizer, long seed, Device device) {
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            return new VideoModel(config, tokenizer, manager, Weights.fresh(manager, seed));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public static VideoModel load(Path directory, Device device) {
        return open(directory, configOf(directory), device, manager -> Weights.load(manager, directory.resolve(WEIGHTS)));
    }

    /**
     * The model in {@code directory} with a fresh decoder of {@code decoderChannels} (initialised from {@code seed}),
     * to be trained against its frozen encoder: encoder, text encoder and denoiser are loaded as they are.
     */
    public static VideoModel loadWithNewDecoder(Path directory, List<Integer> decoderChannels, long seed, Device device) {
        return open(directory, configOf(directory).withDecoderChannels(decoderChannels), device,
                manager -> Weights.loadExcept(manager, directory.resolve(WEIGHTS), DECODER_PREFIX, seed));
    }

    /**
     * The model in {@code directory} with the autoencoder (and latent scale) of the model in {@code autoencoder}:
     * its text encoder and denoiser are kept, except the denoiser's layers that read and write latents, which start
     * fresh (from {@code seed}) when the two autoencoders' latents have different widths. The denoiser must then be
     * trained on the new latents. Both models must make pictures of one size, and latents of one size.
     */
    public static VideoModel withAutoencoderOf(Path directory, Path autoencoder, long seed, Device device) {
        ModelConfig config = configOf(directory);
        ModelConfig donor = configOf(autoencoder);
        if (donor.width() != config.width() || donor.height() != config.height()
                || donor.vae().spatialFactor() != config.vae().spatialFactor()) {
            throw new ModelFormatException(autoencoder + " encodes " + donor.width() + "x" + donor.height() + " pictures "
                    + donor.vae().spatialFactor() + "x smaller, but " + directory + " needs " + config.width() + "x"
                    + config.height() + " pictures " + config.vae().spatialFactor() + "x smaller");
        }
        boolean newLatents = donor.vae().latentChannels() != config.vae().latentChannels();
        return open(directory, config.withVae(donor.vae()), device, manager -> Weights.combine(manager,
                directory.resolve(WEIGHTS), autoencoder.resolve(WEIGHTS), name -> name.startsWith("vae."),
                name -> newLatents && Denoiser.LATENT_LAYERS.stream().anyMatch(name::startsWith), seed));
    }

    /**
     * The model in {@code directory} reading prompts of up to {@code maxTokens} words instead of its config's: the
     * text encoder's position table grows (see {@link Weights#loadWithRows}); everything else is loaded as it is.
     * The window can grow, not shrink. Fine-tune afterwards so the model learns to use the new positions.
     */
    public static VideoModel withTextWindow(Path directory, int maxTokens, long seed, Device device) {
        ModelConfig config = configOf(directory);
        if (maxTokens < config.text().maxTokens()) {
            throw new ModelFormatException(directory + " reads prompts of up to " + config.text().maxTokens()
                    + " words; its text window can grow, not shrink to " + maxTokens);
        }
        return open(directory, config.withTextTokens(maxTokens), device, manager -> Weights.loadWithRows(manager,
                directory.resolve(WEIGHTS), TextEncoder.POSITIONS, maxTokens, seed));
    }

    private static ModelConfig configOf(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ModelFormatException(directory + ": no model folder here");
        }
        return ModelConfig.read(directory.resolve(CONFIG));
    }

    /** Reads the weights of {@code directory} into a new manager on {@code device}. */
    private interface WeightsReader {
        Weights read(NDManager manager) throws IOException;
    }

    private static VideoModel open(Path directory, ModelConfig config, Device device, WeightsReader weights) {
        Tokenizer tokenizer = Tokenizer.read(directory.resolve(TOKENIZER));
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            return new VideoModel(config, tokenizer, manager, weights.read(manager));
        } catch (IOException e) {
            manager.close();
            throw new ModelFormatException(directory.resolve(WEIGHTS) + ": " + e.getMessage());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        config.write(directory.resolve(CONFIG));
        tokenizer.write(directory.resolve(TOKENIZER));
        weights.save(directory.resolve(WEIGHTS), Map.of("format", "pt", "model", config.name(), "version", config.version()));
    }

    /**
     * Latents the denoiser works on: the VAE mean times the config's latent scale, so they have about unit variance
     * like the noise they are mixed with.
     */
    public ai.djl.ndarray.NDArray encodeLatents(ai.djl.ndarray.NDArray pictures) {
        return vae.encode(pictures).mul((float) config.vae().latentScale());
    }

    public ai.djl.ndarray.NDArray decodeLatents(ai.djl.ndarray.NDArray latents) {
        return vae.decode(latents.div((float) config.vae().latentScale()));
    }

    /** Records the latent scale measured after VAE training (saved with the config). */
    void setLatentScale(double scale) {
        config = config.withLatentScale(scale);
    }

    public ModelConfig config() {
        return config;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public VideoVae vae() {
        return vae;
    }

    public TextEncoder text() {
        return text;
    }

    public Denoiser denoiser() {
        return denoiser;
    }

    public NDManager manager() {
        return manager;
    }

    /** Parameters whose names start with {@code prefix} ("vae.", "text.", "denoiser."). */
    public long parameterCount(String prefix) {
        return weights.arrays().entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().size()).sum();
    }

    Weights weights() {
        return weights;
    }

    public Device device() {
        return manager.getDevice();
    }

    @Override
    public void close() {
        manager.close();
    }
}
