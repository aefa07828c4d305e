package io.auteur.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Every hyperparameter of a video model, saved as config.json beside its weights. Pipelines read dimensions from
 * here, never from constants, so the same code runs a toy test model and a larger one by configuration alone.
 *
 * @param name     the model id written into provenance ("worlds-tiny")
 * @param version  the model version
 * @param width    picture width the model generates
 * @param height   picture height
 * @param frames   frames per generation window (any count; the VAE pads to 1 + 2k internally)
 * @param fps      frame rate the model was trained at
 */
public record ModelConfig(String name, String version, int width, int height, int frames, double fps, Vae vae,
                          Text text, Denoiser denoiser) {

    /**
     * Causal 3D-convolutional autoencoder. Each entry of {@code channels} is one level that halves the picture; the
     * last level also halves time after the first frame, so spatial compression is 2^levels and temporal 2.
     *
     * @param latentScale     multiplies latents so they have about unit variance (measured after VAE training)
     * @param decoderChannels the decoder's width per level, one entry per level of {@code channels} (absent: the
     *                        same): a wider decoder can be trained later against the frozen encoder, which leaves
     *                        the latents, and so the denoiser, as they are
     * @param pictureShortcut whether the latents carry the picture itself, average-pooled, beside what the encoder
     *                        learns, and the decoder adds it back (see {@link VideoVae}); absent in older configs
     */
    public record Vae(List<Integer> channels, int latentChannels, double latentScale, List<Integer> decoderChannels,
                      boolean pictureShortcut) {
        public Vae {
            channels = List.copyOf(channels);
            decoderChannels = decoderChannels == null ? channels : List.copyOf(decoderChannels);
            for (List<Integer> widths : List.of(channels, decoderChannels)) {
                if (widths.isEmpty() || widths.size() > 5 || widths.stream().anyMatch(c -> c < 4 || c > 1024 || c % 4 != 0)) {
                    throw new ModelFormatException("vae.channels and vae.decoderChannels must be 1 to 5 multiples of 4 "
                            + "in [4, 1024], were " + channels + " and " + decoderChannels);
                }
            }
            if (decoderChannels.size() != channels.size()) {
                throw new ModelFormatException("vae.decoderChannels must have one width per level of vae.channels "
                        + channels + ", was " + decoderChannels);
            }
            if (latentChannels < 1 || latentChannels > 64 || !(latentScale > 0)) {
                throw new ModelFormatException("vae.latentChannels must be in [1, 64] and latentScale positive");
            }
        }

        /** An autoencoder whose decoder is as wide as its encoder, without the picture shortcut. */
        public Vae(List<Integer> channels, int latentChannels, double latentScale) {
            this(channels, latentChannels, latentScale, null, false);
        }

        public int spatialFactor() {
            return 1 << channels.size();
        }
    }

    /** Word-level tokenizer plus a small transformer. */
    public record Text(int width, int depth, int heads, int maxTokens) {
        public Text {
            check("text", width, depth, heads);
            if (maxTokens < 4 || maxTokens > 512) {
                throw new ModelFormatException("text.maxTokens must be in [4, 512], was " + maxTokens);
            }
        }
    }

    /** Diffusion transformer over latent patches. */
    public record Denoiser(int width, int depth, int heads, int patch, int mlpRatio) {
        public Denoiser {
            check("denoiser", width, depth, heads);
            if (patch < 1 || patch > 8 || mlpRatio < 1 || mlpRatio > 8) {
                throw new ModelFormatException("denoiser.patch must be in [1, 8] and mlpRatio in [1, 8]");
            }
        }
    }

    private static void check(String what, int width, int depth, int heads) {
        if (width < 8 || width > 8192 || depth < 1 || depth > 64 || heads < 1 || width % heads != 0) {
            throw new ModelFormatException(what + ": width must be in [8, 8192] and divisible by heads, depth in "
                    + "[1, 64]; was width " + width + ", depth " + depth + ", heads " + heads);
        }
    }

    public ModelConfig {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new ModelFormatException("model name must be 1-64 lower-case letters, digits, '.', '_' or '-', was " + name);
        }
        int unit = vae.spatialFactor() * denoiser.patch();
        if (width < unit || height < unit || width % unit != 0 || height % unit != 0 || width > 2048 || height > 2048) {
            throw new ModelFormatException("model size " + width + "x" + height + " must be a multiple of " + unit
                    + " (VAE factor x patch) and at most 2048");
        }
        if (frames < 1 || frames > 257 || !(fps > 0 && fps <= 120)) {
            throw new ModelFormatException("frames must be in [1, 257] and fps in (0, 120]");
        }
    }

    /** Latent frames for {@code frames} picture frames: the first alone, then one per two (rounded up). */
    public int latentFrames(int pictureFrames) {
        return 1 + pictureFrames / 2;
    }

    public int latentWidth() {
        return width / vae.spatialFactor();
    }

    public int latentHeight() {
        return height / vae.spatialFactor();
    }

    public ModelConfig withLatentScale(double scale) {
        return new ModelConfig(name, version, width, height, frames, fps,
                new Vae(vae.channels(), vae.latentChannels(), scale, vae.decoderChannels(), vae.pictureShortcut()), text,
                denoiser);
    }

    public ModelConfig withDecoderChannels(List<Integer> decoderChannels) {
        return new ModelConfig(name, version, width, height, frames, fps,
                new Vae(vae.channels(), vae.latentChannels(), vae.latentScale(), decoderChannels, vae.pictureShortcut()),
                text, denoiser);
    }

    public ModelConfig withVae(Vae newVae) {
        return new ModelConfig(name, version, width, height, frames, fps, newVae, text, denoiser);
    }

    /** This config reading prompts of up to {@code maxTokens} words. */
    public ModelConfig withTextTokens(int maxTokens) {
        return new ModelConfig(name, version, width, height, frames, fps, vae,
                new Text(text.width(), text.depth(), text.heads(), maxTokens), denoiser);
    }

    public ModelConfig withName(String newName) {
        return new ModelConfig(newName, version, width, height, frames, fps, vae, text, denoiser);
    }

    /** Named presets: {@code toy} for tests, {@code tiny} for the bundled model, {@code small} and {@code base} to scale. */
    public static ModelConfig preset(String preset) {
        return switch (preset) {
            case "toy" -> new ModelConfig("toy", "0", 16, 16, 5, 8, new Vae(List.of(8, 8), 4, 1.0, null, true),
                    new Text(16, 1, 2, 64), new Denoiser(32, 2, 2, 1, 2));
            case "tiny" -> new ModelConfig("worlds-tiny", "1", 64, 64, 16, 8, new Vae(List.of(64, 128), 16, 1.0, null, true),
                    new Text(128, 2, 4, 64), new Denoiser(192, 6, 6, 2, 4));
            case "small" -> new ModelConfig("worlds-small", "1", 128, 128, 16, 8, new Vae(List.of(64, 128), 8, 1.0, null, true),
                    new Text(256, 4, 8, 64), new Denoiser(384, 12, 6, 2, 4));
            case "base" -> new ModelConfig("worlds-base", "1", 256, 256, 32, 12, new Vae(List.of(64, 128, 256), 16, 1.0, null, true),
                    new Text(512, 6, 8, 64), new Denoiser(768, 24, 12, 2, 4));
            default -> throw new ModelFormatException("unknown config '" + preset + "'; known: toy, tiny, small, base");
        };
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(this));
    }

    public static ModelConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file + ": no model config here");
        }
        try {
            if (Files.size(file) > 1 << 20) {
                throw new ModelFormatException(file + ": config larger than 1 MiB");
            }
            return JSON.readValue(file.toFile(), ModelConfig.class);
        } catch (IOException e) {
            throw new ModelFormatException(file + ": not a valid model config: " + e.getMessage());
        }
    }
}
