package io.auteur.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The model card written beside trained weights: what the model is, what it learned from, what it cost. */
final class ModelCard {
    private ModelCard() {}

    /**
     * The Data section: where the clips came from, and for a model whose training recorded a dataset manifest, its
     * hash, the consent it relied on and the model it started from.
     */
    private static String dataLines(JsonNode training, JsonNode data) {
        JsonNode manifest = training.path("datasetManifest");
        StringBuilder lines = new StringBuilder();
        if (manifest.path("kind").asText().equals("consented")) {
            List<String> contributors = new ArrayList<>();
            manifest.path("contributors").forEach(id -> contributors.add(id.asText()));
            List<String> consents = new ArrayList<>();
            manifest.path("consentsUsed").forEach(id -> consents.add(id.asText()));
            lines.append("- Contributed media, used with its contributors' consent (scope %s): %s assets from %s; "
                    .formatted(manifest.path("scope").asText(), manifest.path("assets").asText(),
                            String.join(", ", contributors)))
                    .append("consent records ").append(String.join(", ", consents)).append('.');
        } else {
            lines.append("- Synthetic previs renders only; no human contributors, no third-party media.");
        }
        lines.append("\n- Generator: %s, %s clips, %sx%s, %s frames at %s fps".formatted(data.path("generator").asText("?"),
                data.path("count").asText("?"), data.path("width").asText("?"), data.path("height").asText("?"),
                data.path("frames").asText("?"), data.path("fps").asText("?")));
        lines.append(data.has("firstSeed") ? ", scene seeds %s to %s.".formatted(data.path("firstSeed").asText(),
                data.path("lastSeed").asText()) : ".");
        if (manifest.has("sha256")) {
            lines.append("\n- Dataset manifest: sha256 `%s` (%s in this folder).".formatted(manifest.path("sha256").asText(),
                    manifest.path("file").asText()));
        }
        JsonNode base = manifest.path("base");
        for (int depth = 0; depth < 32 && base.isObject(); depth++, base = base.path("base")) {
            String model = "\n- Fine-tuned from %s (version %s)".formatted(base.path("model").asText("?"),
                    base.path("version").asText("?"));
            // Models trained before manifests were recorded name no data: say so rather than print placeholders.
            lines.append(base.has("sha256")
                    ? model + ", trained on dataset manifest sha256 `%s` (%s).".formatted(base.path("sha256").asText(),
                            base.path("kind").asText("?"))
                    : model + ", whose training data manifest was not recorded.");
        }
        return lines.toString();
    }

    static String markdown(ModelConfig config, JsonNode training, JsonNode data) {
        return """
                # %s (version %s)

                A video diffusion model made by `auteur train`: a causal 3D VAE (channels %s, decoder %s, %d latent channels%s, \
                x%d spatial, x2 temporal), a word-level text encoder (width %d, %d blocks, prompts of up to %d words) \
                and a diffusion transformer (width %d, %d blocks, %d heads, patch %d) trained with flow matching. It generates \
                %dx%d pictures, %d frames at %s fps, in every mode of one request (text, image, first and last frame, \
                in-painting, out-painting, extension, depth/edges/pose/flow control).

                ## Data
                %s

                ## Compute
                - Device: %s. VAE steps: %s; decoder-only steps: %s; denoiser steps: %s; batch %s; learning rate %s; seed %s%s.
                - Wall time: %s s.%s

                ## Metrics (held-out clips of the same generator)
                - VAE reconstruction PSNR: %.2f dB.
                - Flow-matching validation loss: %s.
                - Prompt adherence and temporal metrics: see `auteur eval` and docs/benchmarks.md.
                """.formatted(config.name(), config.version(), config.vae().channels(), config.vae().decoderChannels(),
                config.vae().latentChannels(), config.vae().pictureShortcut() ? " with the picture shortcut" : "",
                config.vae().spatialFactor(), config.text().width(), config.text().depth(), config.text().maxTokens(),
                config.denoiser().width(),
                config.denoiser().depth(), config.denoiser().heads(), config.denoiser().patch(), config.width(),
                config.height(), config.frames(), config.fps(), dataLines(training, data),
                training.path("device").asText(), training.path("vaeSteps").asText(),
                training.path("decoderSteps").asInt(), training.path("denoiserSteps").asText(), training.path("batch").asText(),
                training.path("learningRate").asText(), training.path("seed").asText(),
                foregroundWeight(training) + timeShift(training) + textWindow(training, config)
                        + captionsCut(training, data, config),
                training.path("trainingSeconds").asText(), lineage(training), training.path("validationVaePsnrDb").asDouble(),
                validationLoss(training));
    }

    /** The subject's weight in this run's denoiser loss, where it was not 1 (runs before it existed weighed all alike). */
    private static String foregroundWeight(JsonNode training) {
        JsonNode weight = training.path("foregroundWeight");
        return weight.asDouble(1) == 1 ? "" : ("; latent cells showing an object or the actor weighed %s times ground "
                + "and sky in the denoiser's loss").formatted(weight.asText());
    }

    /** The text window this run grew, where it grew one (`auteur train --text-tokens`). */
    private static String textWindow(JsonNode training, ModelConfig config) {
        JsonNode before = training.path("textWindowGrownFrom");
        return before.isMissingNode() ? "" : ("; the text window grown from %s to %d words, each new position starting "
                + "from the last learned one").formatted(before.asText(), config.text().maxTokens());
    }

    /** How many captions were longer than the text window, whose words past it the model never saw. */
    private static String captionsCut(JsonNode training, JsonNode data, ModelConfig config) {
        JsonNode cut = training.path("captionsCut");
        return cut.isMissingNode() ? "" : ("; %s of %s captions were longer than the text window of %d words and were "
                + "cut to it").formatted(cut.asText(), data.path("count").asText("?"), config.text().maxTokens());
    }

    /** The shift of this run's denoiser training times, where it was not 1 (runs before it existed had none). */
    private static String timeShift(JsonNode training) {
        JsonNode shift = training.path("timeShift");
        return shift.asDouble(1) == 1 ? "" : ("; training times shifted towards noise by %s, as the sampler's "
                + "schedule is").formatted(shift.asText());
    }

    /**
     * The run's flow-matching validation loss; a run without denoiser steps (a VAE decoder trained alone) changes
     * neither the latents nor the denoiser, so its loss is the one the run it started from measured.
     */
    private static String validationLoss(JsonNode training) {
        for (JsonNode run = training; !run.isMissingNode(); run = run.path("startedFrom")) {
            double loss = run.path("validationFlowMatchingLoss").asDouble(Double.NaN);
            if (Double.isFinite(loss)) {
                return run == training ? "%.4f".formatted(loss)
                        : "%.4f (measured by an earlier run: this one trained no denoiser steps)".formatted(loss);
            }
            if (run.path("vaeSteps").asInt() > 0 || run.path("denoiserSteps").asInt() > 0) {
                break;  // the latents or the denoiser changed since any earlier measurement
            }
        }
        return "not measured";
    }

    /**
     * The earlier runs this one started from (or took its autoencoder from, and theirs in turn), and the compute of
     * the whole chain.
     */
    private static String lineage(JsonNode training) {
        StringBuilder text = new StringBuilder();
        long[] whole = {0, 0, 0, 0};
        addEarlierRuns(training, text, whole);
        return text.isEmpty() ? "" : text + "\n- Whole chain: %d VAE steps, %d decoder-only steps, %d denoiser steps, %d s."
                .formatted(whole[0] + training.path("vaeSteps").asLong(), whole[1] + training.path("decoderSteps").asLong(),
                        whole[2] + training.path("denoiserSteps").asLong(), whole[3] + training.path("trainingSeconds").asLong());
    }

    private static void addEarlierRuns(JsonNode run, StringBuilder text, long[] whole) {
        for (String link : List.of("startedFrom", "autoencoderFrom")) {
            JsonNode earlier = run.path(link);
            if (earlier.isMissingNode()) {
                continue;
            }
            text.append(("\n- %s: VAE steps %s, decoder-only steps %d, denoiser steps %s, %s s, on %s clips of %s.")
                    .formatted(link.equals("startedFrom") ? "Started from an earlier run" : "Autoencoder taken from a run",
                            earlier.path("vaeSteps").asText(), earlier.path("decoderSteps").asInt(),
                            earlier.path("denoiserSteps").asText(), earlier.path("trainingSeconds").asText(),
                            earlier.path("data").path("count").asText("?"), earlier.path("data").path("generator").asText("?")));
            whole[0] += earlier.path("vaeSteps").asLong();
            whole[1] += earlier.path("decoderSteps").asLong();
            whole[2] += earlier.path("denoiserSteps").asLong();
            whole[3] += earlier.path("trainingSeconds").asLong();
            addEarlierRuns(earlier, text, whole);
        }
    }
}
