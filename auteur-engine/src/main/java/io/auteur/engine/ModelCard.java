package io.auteur.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** The model card written beside trained weights: what the model is, what it learned from, what it cost. */
final class ModelCard {
    private ModelCard() {}

    static String markdown(ModelConfig config, JsonNode training, JsonNode data) {
        return """
                # %s (version %s)

                A video diffusion model made by `auteur train`: a causal 3D VAE (channels %s, %d latent channels, \
                x%d spatial, x2 temporal), a word-level text encoder (width %d, %d blocks) and a diffusion \
                transformer (width %d, %d blocks, %d heads, patch %d) trained with flow matching. It generates \
                %dx%d pictures, %d frames at %s fps, in every mode of one request (text, image, first and last frame, \
                in-painting, out-painting, extension, depth/edges/pose/flow control).

                ## Data
                - Synthetic previs renders only; no human contributors, no third-party media.
                - Generator: %s, %s clips, %sx%s, %s frames at %s fps, scene seeds %s to %s.

                ## Compute
                - Device: %s. VAE steps: %s; denoiser steps: %s; batch %s; learning rate %s; seed %s.
                - Wall time: %s s.%s

                ## Metrics (held-out clips of the same generator)
                - VAE reconstruction PSNR: %.2f dB.
                - Flow-matching validation loss: %.4f.
                - Prompt adherence and temporal metrics: see `auteur eval` and docs/benchmarks.md.
                """.formatted(config.name(), config.version(), config.vae().channels(), config.vae().latentChannels(),
                config.vae().spatialFactor(), config.text().width(), config.text().depth(), config.denoiser().width(),
                config.denoiser().depth(), config.denoiser().heads(), config.denoiser().patch(), config.width(),
                config.height(), config.frames(), config.fps(), data.path("generator").asText("?"),
                data.path("count").asText("?"), data.path("width").asText("?"), data.path("height").asText("?"),
                data.path("frames").asText("?"), data.path("fps").asText("?"), data.path("firstSeed").asText("?"),
                data.path("lastSeed").asText("?"), training.path("device").asText(), training.path("vaeSteps").asText(),
                training.path("denoiserSteps").asText(), training.path("batch").asText(),
                training.path("learningRate").asText(), training.path("seed").asText(),
                training.path("trainingSeconds").asText(), lineage(training), training.path("validationVaePsnrDb").asDouble(),
                training.path("validationFlowMatchingLoss").asDouble());
    }

    /** The earlier runs this one started from, and the compute of the whole chain. */
    private static String lineage(JsonNode training) {
        StringBuilder text = new StringBuilder();
        long vae = training.path("vaeSteps").asLong(), denoiser = training.path("denoiserSteps").asLong();
        long seconds = training.path("trainingSeconds").asLong();
        for (JsonNode run = training.path("startedFrom"); !run.isMissingNode(); run = run.path("startedFrom")) {
            text.append("\n- Started from an earlier run: VAE steps %s, denoiser steps %s, %s s, on %s clips of %s."
                    .formatted(run.path("vaeSteps").asText(), run.path("denoiserSteps").asText(),
                            run.path("trainingSeconds").asText(), run.path("data").path("count").asText("?"),
                            run.path("data").path("generator").asText("?")));
            vae += run.path("vaeSteps").asLong();
            denoiser += run.path("denoiserSteps").asLong();
            seconds += run.path("trainingSeconds").asLong();
        }
        return text.isEmpty() ? "" : text + "\n- Whole chain: %d VAE steps, %d denoiser steps, %d s.".formatted(vae, denoiser, seconds);
    }
}
