package io.auteur.studio.cli;

import io.auteur.engine.ModelConfig;
import io.auteur.engine.Trainer;
import io.auteur.engine.VideoModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code auteur train}: trains a model on a previs dataset, resumable, with a loss curve. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a video model on a dataset written by 'auteur previs dataset': the VAE first, then the "
                + "text encoder and denoiser. Checkpoints every --checkpoint-every steps; --resume continues a killed run. "
                + "Writes config.json, tokenizer.json, model.safetensors, MODEL_CARD.md, loss.csv and loss.png.",
            "Example: auteur previs dataset --count 2000 --out data/ && auteur train --data data/ --config tiny --out models/mine"})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset folder.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model folder to write.")
    Path out;

    @Option(names = "--config", description = "toy, tiny, small or base (default: tiny, or the --from model's).")
    String config;

    @Option(names = "--name", description = "Model name to record (default: the config's).")
    String name;

    @Option(names = "--vae-steps", defaultValue = "2000", description = "VAE steps (default: ${DEFAULT-VALUE}).")
    int vaeSteps;

    @Option(names = "--decoder-steps", defaultValue = "0", description = "Steps that train the VAE's decoder alone "
            + "against the frozen encoder, after the VAE steps; the latents, and so a trained denoiser, stay valid "
            + "(default: ${DEFAULT-VALUE}).")
    int decoderSteps;

    @Option(names = "--decoder-channels", split = ",", paramLabel = "W", description = "The decoder's width per VAE "
            + "level, e.g. 64,128. Differing from the --from model's, the decoder starts fresh: train it with "
            + "--decoder-steps.")
    java.util.List<Integer> decoderChannels;

    @Option(names = "--steps", defaultValue = "10000", description = "Denoiser steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "8", description = "Clips per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "3e-4", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--foreground-weight", defaultValue = "1", description = "How many times a latent cell showing an "
            + "object or the actor weighs in the denoiser's loss against ground or sky, in [1, 100] "
            + "(default: ${DEFAULT-VALUE}).")
    double foregroundWeight;

    @Option(names = "--time-shift", defaultValue = "1", description = "Shift the denoiser's training times towards "
            + "noise, t' = s t / (1 + (s - 1) t), in [1, 10]; the sampler's schedule uses 3 (default: ${DEFAULT-VALUE}).")
    double timeShift;

    @Option(names = "--seed", defaultValue = "0", description = "Initialisation and sampling seed.")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "250", description = "Steps between checkpoints.")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue from the checkpoint in --out.")
    boolean resume;

    @Option(names = "--from", paramLabel = "DIR", description = "Start from this model's weights (fine-tuning).")
    Path from;

    @Option(names = "--autoencoder-from", paramLabel = "DIR", description = "With --from: put this model's "
            + "autoencoder (VAE and latent scale) under the --from model, keeping its text encoder and denoiser, which "
            + "--steps then trains on the new latents. Not with --config or --decoder-channels.")
    Path autoencoderFrom;

    @Option(names = "--text-tokens", paramLabel = "N", description = "With --from: read prompts of up to N words, "
            + "more than the --from model does; its position table grows, each new position starting from its last "
            + "one, and --steps teaches the model to use them.")
    Integer textTokens;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (autoencoderFrom != null && (from == null || config != null || decoderChannels != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--autoencoder-from goes with --from, and not with --config or --decoder-channels");
        }
        ModelConfig modelConfig = config == null && from != null ? ModelConfig.read(from.resolve(VideoModel.CONFIG))
                : ModelConfig.preset(config == null ? "tiny" : config);
        // Consent first: a dataset with an asset lacking live consent for this use is refused, naming the asset.
        TrainingConsent.Checked consent = TrainingConsent.check(data, from);
        if (name != null) {
            modelConfig = modelConfig.withName(name);
        }
        if (decoderChannels != null) {
            modelConfig = modelConfig.withDecoderChannels(decoderChannels);
        }
        if (textTokens != null) {
            if (from == null || config != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--text-tokens grows the window of a "
                        + "--from model; a new model takes its window from --config");
            }
            modelConfig = modelConfig.withTextTokens(textTokens);
        }
        Trainer.Options options = new Trainer.Options(data, out, modelConfig, vaeSteps, decoderSteps, steps, batch,
                learningRate, foregroundWeight, timeShift, seed, checkpointEvery, resume, from, autoencoderFrom,
                VideoModel.defaultDevice());
        Trainer.Report report;
        try (ProgressBar bar = Progress.bar("Training", (long) vaeSteps + decoderSteps + steps, "steps")) {
            report = Trainer.train(options, (phase, step, total, loss) -> {
                bar.stepTo(switch (phase) {
                    case "vae" -> step;
                    case "decoder" -> (long) vaeSteps + step;
                    default -> (long) vaeSteps + decoderSteps + step;
                });
                bar.setExtraMessage(String.format(java.util.Locale.ROOT, " %s loss %.4f", phase, loss));
            }, consent.description());
        }
        TrainingConsent.record(out, consent);
        String loss = Double.isNaN(report.validationLoss()) ? ""
                : String.format(java.util.Locale.ROOT, ", validation loss %.4f", report.validationLoss());
        spec.commandLine().getOut().printf(java.util.Locale.ROOT, "wrote %s: VAE PSNR %.2f dB on held-out clips%s, %.0f s%n",
                out, report.validationPsnr(), loss, report.seconds());
        spec.commandLine().getOut().printf("dataset manifest sha256 %s (%s, %d consent records)%n",
                consent.approval().dataset().sha256(), consent.approval().dataset().manifest().kind(),
                consent.approval().consentsUsed().size());
        return 0;
    }
}
