package io.auteur.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.engine.internal.AdamW;
import io.auteur.engine.internal.Safetensors;
import io.auteur.previs.caption.Vocabulary;
import io.auteur.previs.dataset.ClipRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code auteur train}: the VAE first, then the text encoder and denoiser together on the frozen VAE's latents, with
 * flow matching (velocity target, logit-normal times optionally shifted towards noise, the subject's latent cells
 * optionally weighted), AdamW, gradient clipping, EMA weights and 10% text dropout for classifier-free guidance.
 * Every training sample gets a random conditioning (nothing, first frame, first and last, in-painting boxes and
 * blobs, out-painting bands, the first k frames; a control map or none) so one model learns every mode. Checkpoints
 * hold everything a resumed run needs, so a killed run continues exactly.
 */
public final class Trainer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONTROLS = List.of("depth", "edges", "pose", "flow");
    static final double TEXT_DROPOUT = 0.1;
    /**
     * The VAE trains on the first 9 frames of each clip (1 + 2 x 4: both kinds of latent frame): it is causal and
     * convolutional, so longer clips teach it nothing new and cost twice as much.
     */
    static final int VAE_FRAMES = 9;

    /**
     * The autoencoder trains on windows of at most this many pixels a side, cut at random from each clip: it is
     * convolutional, so a window teaches it as a whole picture does, and a 32x32 window of a 64x64 clip makes a step
     * cheaper: measured on the tiny config, 0.54 s instead of 2.0 s. The validation PSNR is measured on whole pictures.
     */
    static final int VAE_WINDOW = 32;

    /**
     * @param vaeSteps        VAE steps (0 keeps the VAE of {@code from} or a fresh one)
     * @param decoderSteps    steps that train the VAE's decoder alone, against the frozen encoder (after the VAE
     *                        steps): the latents stay as they are, so a trained denoiser stays valid. When
     *                        {@code config} names other decoder widths than {@code from}, the decoder starts fresh
     * @param steps           denoiser steps
     * @param checkpointEvery steps between checkpoints
     * @param from            start from this model's weights (fine-tuning) instead of fresh ones
     * @param autoencoderFrom with {@code from}: take this model's autoencoder instead (see
     *                        {@link VideoModel#withAutoencoderOf}); the denoiser is then trained on its latents
     * @param foregroundWeight how many times a latent cell that shows an object or the actor weighs in the denoiser's
     *                        loss against one of ground or sky (1 weighs them alike). The subject covers a few cells
     *                        of the 16x16 latent, so an unweighted loss is almost all background
     * @param timeShift       shifts the denoiser's training times towards noise as the sampler's schedule does
     *                        ({@link Sampler#SHIFT}): t' = s t / (1 + (s - 1) t). 1 keeps the logit-normal times,
     *                        which put 1.4% of the samples above t = 0.9, where the sampler takes its first steps
     */
    public record Options(Path data, Path out, ModelConfig config, int vaeSteps, int decoderSteps, int steps, int batch,
                          double learningRate, double foregroundWeight, double timeShift, long seed, int checkpointEvery,
                          boolean resume, Path from, Path autoencoderFrom, Device device) {
        public Options {
            if (autoencoderFrom != null && (from == null || steps < 1)) {
                throw new IllegalArgumentException("another model's autoencoder goes under a model to start from, and "
                        + "its denoiser must then be trained on the new latents: give --from and --steps");
            }
            if (vaeSteps < 0 || decoderSteps < 0 || steps < 0 || vaeSteps + decoderSteps + steps < 1 || batch < 1
                    || batch > 4096 || checkpointEvery < 1) {
                throw new IllegalArgumentException("steps must be non-negative with at least one in all, batch in "
                        + "[1, 4096] and checkpointEvery positive");
            }
            if (!(learningRate > 0 && learningRate < 1)) {
                throw new IllegalArgumentException("learning rate must be in (0, 1), was " + learningRate);
            }
            if (!(foregroundWeight >= 1 && foregroundWeight <= 100)) {
                throw new IllegalArgumentException("foreground weight must be in [1, 100], was " + foregroundWeight);
            }
            if (!(timeShift >= 1 && timeShift <= 10)) {
                throw new IllegalArgumentException("time shift must be in [1, 10], was " + timeShift);
            }
        }
    }

    /** Receives progress: phase ("vae", "decoder" or "denoiser"), steps done, steps in the phase, latest loss. */
    @FunctionalInterface
    public interface Listener {
        void progress(String phase, int step, int total, double loss);
    }

    /** What a run measured. */
    public record Report(int vaeSteps, int decoderSteps, int denoiserSteps, double lastVaeLoss, double lastLoss,
                         double validationPsnr, double validationLoss, double latentScale, double seconds,
                         int trainingClips, int validationClips) {}

    private record State(String phase, int step, double latentScale, double seconds) {}

    /** The phases of a run, in order. */
    private static final List<String> PHASES = List.of("vae", "decoder", "denoiser", "done");

    private Trainer() {}

    public static Report train(Options options, Listener listener) throws IOException {
        return train(options, listener, null);
    }

    /**
     * Trains as {@link #train(Options, Listener)} and records {@code datasetManifest} (what the data was made of and
     * the consent it relied on, as the studio describes it) in training.json and the model card.
     */
    public static Report train(Options options, Listener listener, JsonNode datasetManifest) throws IOException {
        long started = System.nanoTime();
        TrainingData data = TrainingData.open(options.data());
        ModelConfig config = options.config();
        ClipRecord first = data.read(0);
        if (first.width() != config.width() || first.height() != config.height() || first.frames() < config.frames()) {
            throw new IOException(options.data() + " holds " + first.width() + "x" + first.height() + " clips of "
                    + first.frames() + " frames, but config " + config.name() + " needs " + config.width() + "x"
                    + config.height() + " with at least " + config.frames() + " frames");
        }
        int validation = heldOut(data.size());
        int training = data.size() - validation;
        if (training < 1) {
            throw new IOException(options.data() + ": at least two clips are needed (one is held out for validation)");
        }
        Files.createDirectories(options.out());
        Path checkpoint = options.out().resolve("checkpoint");
        State state = new State("vae", 0, config.vae().latentScale(), 0);
        VideoModel model;
        if (options.resume() && Files.isDirectory(checkpoint)) {
            model = VideoModel.load(checkpoint, options.device());
            state = JSON.readValue(checkpoint.resolve("state.json").toFile(), State.class);
        } else if (options.from() != null) {
            List<Integer> decoder = config.vae().decoderChannels();
            ModelConfig base = ModelConfig.read(options.from().resolve(VideoModel.CONFIG));
            if (config.text().maxTokens() != base.text().maxTokens()) {
                if (options.autoencoderFrom() != null || !decoder.equals(base.vae().decoderChannels())) {
                    throw new IllegalArgumentException("a longer text window is a fine-tune of its own: not with a new "
                            + "autoencoder or decoder in the same run");
                }
                model = VideoModel.withTextWindow(options.from(), config.text().maxTokens(), options.seed(),
                        options.device());
            } else if (options.autoencoderFrom() != null) {
                model = VideoModel.withAutoencoderOf(options.from(), options.autoencoderFrom(), options.seed(),
                        options.device());
            } else if (decoder.equals(base.vae().decoderChannels())) {
                model = VideoModel.load(options.from(), options.device());
            } else {
                model = VideoModel.loadWithNewDecoder(options.from(), decoder, options.seed(), options.device());
            }
            state = new State("vae", 0, model.config().vae().latentScale(), 0);
        } else {
            model = VideoModel.create(config, tokenizerFor(data.captions()), options.seed(), options.device());
        }
        try (model) {
            Run run = new Run(options, data, training, model, listener, state);
            run.datasetManifest = datasetManifest;
            run.vaePhase(checkpoint);
            run.decoderPhase(checkpoint);
            run.denoiserPhase(checkpoint);
            double psnr = run.validationPsnr(validation);
            double validationLoss = run.validationLoss(validation);
            run.finish(psnr, validationLoss, (System.nanoTime() - started) / 1e9 + state.seconds());
            return new Report(options.vaeSteps(), options.decoderSteps(), options.steps(), run.lastVaeLoss,
                    run.lastLoss, psnr, validationLoss, model.config().vae().latentScale(),
                    (System.nanoTime() - started) / 1e9 + state.seconds(), training, validation);
        }
    }

    /**
     * The first {@link #VAE_FRAMES} frames of each clip, cut to a window of {@link #VAE_WINDOW} pixels a side at a
     * random place on the latent grid (so the window is encoded as the same pixels of the whole picture are).
     */
    static NDArray windows(ModelConfig config, NDManager manager, List<ClipRecord> clips, SplittableRandom random) {
        int frames = Math.min(VAE_FRAMES, config.frames()), grid = config.vae().spatialFactor();
        int width = Math.min(VAE_WINDOW, config.width()), height = Math.min(VAE_WINDOW, config.height());
        int plane = width * height;
        float[] values = new float[clips.size() * 3 * frames * plane];
        for (int b = 0; b < clips.size(); b++) {
            int left = grid * random.nextInt((config.width() - width) / grid + 1);
            int top = grid * random.nextInt((config.height() - height) / grid + 1);
            byte[] rgb = clips.get(b).rgb();
            byte[][] window = new byte[frames][plane * 3];
            for (int t = 0; t < frames; t++) {
                for (int y = 0; y < height; y++) {
                    System.arraycopy(rgb, ((t * config.height() + top + y) * config.width() + left) * 3, window[t],
                            y * width * 3, width * 3);
                }
            }
            Run.writePictures(window, frames, plane, values, b * 3 * frames * plane);
        }
        return manager.create(values, new Shape(clips.size(), 3, frames, height, width));
    }

    private static final int HELD_OUT_BATCH = 8;

    /** The clips training holds out of a dataset of {@code size}: the last ones. */
    static int heldOut(int size) {
        return Math.max(1, Math.min(64, size / 50));
    }

    /**
     * The flow-matching loss of the model in {@code model} on the clips training holds out of {@code data} (the last
     * ones), averaged over {@code draws} fixed draws of time, noise and conditioning, so that two models, such as a
     * base and its fine-tuned copy, are compared on exactly the same draws.
     */
    public static double heldOutLoss(Path model, Path data, int draws, Device device) throws IOException {
        if (draws < 1 || draws > 1000) {
            throw new IllegalArgumentException("draws must be in [1, 1000], was " + draws);
        }
        TrainingData dataset = TrainingData.open(data);
        int validation = heldOut(dataset.size());
        try (VideoModel loaded = VideoModel.load(model, device)) {
            List<ClipRecord> clips = new ArrayList<>();
            for (int i = dataset.size() - validation; i < dataset.size(); i++) {
                clips.add(dataset.read(i));
            }
            // A few clips at a time: the whole held-out set in one batch does not fit in memory at the bundled size.
            double total = 0;
            for (int draw = 0; draw < draws; draw++) {
                SplittableRandom random = new SplittableRandom(12345 + draw);
                for (int from = 0; from < clips.size(); from += HELD_OUT_BATCH) {
                    List<ClipRecord> batch = clips.subList(from, Math.min(clips.size(), from + HELD_OUT_BATCH));
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        total += Run.denoiserLoss(loaded, batch, random, true, 1, 1).getFloat() * batch.size();
                    }
                }
            }
            return total / draws / clips.size();
        }
    }

    /** A vocabulary of every caption word plus every word of the previs language, so any valid prompt tokenizes. */
    static Tokenizer tokenizerFor(Collection<String> captions) {
        List<String> texts = new ArrayList<>(captions);
        Vocabulary.words().values().forEach(words -> texts.add(String.join(" ", words)));
        return Tokenizer.fromTexts(texts);
    }

    /**
     * 1 for each latent cell whose pixels show an object or the actor in any of its picture frames (the
     * renderer's instance ids: 0 sky, 1 ground, 2 and up the subjects), else 0; as [latent frames][h][w].
     */
    static float[] foreground(ClipRecord clip, ModelConfig config, int latentFrames) {
        byte[] background = new byte[clip.instance().length];
        for (int i = 0; i < background.length; i++) {
            background[i] = (byte) ((clip.instance()[i] & 0xff) < 2 ? 255 : 0);
        }
        float[] allBackground = Pictures.latentMask(background, config.frames(), config.width(), config.height(),
                latentFrames, config.vae().spatialFactor());
        for (int i = 0; i < allBackground.length; i++) {
            allBackground[i] = 1 - allBackground[i];
        }
        return allBackground;
    }

    /** A denoiser training time: logit-normal, then shifted towards noise by {@code shift}. */
    static double trainingTime(SplittableRandom random, double shift) {
        return Sampler.shifted(1 / (1 + Math.exp(-random.nextGaussian())), shift);
    }

    /** One training run's mutable state, kept out of the static API. */
    private static final class Run {
        /** Builds a step's loss (reading its batch may fail). */
        interface LossComputation {
            NDArray loss() throws IOException;
        }

        /** How often a step with non-finite gradients is computed again before it is skipped. */
        static final int RECOMPUTATIONS = 3;
        /** Steps skipped one after the other that end a run (see {@link #trainStep}). */
        static final int MAX_SKIPPED_IN_A_ROW = 10;
        int skippedInARow;
        final Options options;
        final TrainingData data;
        final int training;
        final VideoModel model;
        final Listener listener;
        State state;
        final long phaseStart = System.nanoTime();
        double lastVaeLoss = Double.NaN;
        double lastLoss = Double.NaN;
        /** Steps computed again because their gradients came out non-finite (see {@link #trainStep}). */
        int recomputedSteps;
        final Path csv;
        JsonNode datasetManifest;

        Run(Options options, TrainingData data, int training, VideoModel model, Listener listener, State state)
                throws IOException {
            this.options = options;
            this.data = data;
            this.training = training;
            this.model = model;
            this.listener = listener;
            this.state = state;
            this.csv = options.out().resolve("loss.csv");
            truncateCsv();
        }

        Map<String, NDArray> parameters(String... prefixes) {
            Map<String, NDArray> out = new LinkedHashMap<>();
            model.weights().arrays().forEach((name, array) -> {
                for (String prefix : prefixes) {
                    if (name.startsWith(prefix)) {
                        out.put(name, array);
                    }
                }
            });
            return out;
        }

        void vaePhase(Path checkpoint) throws IOException {
            if (!state.phase().equals("vae")) {
                return;
            }
            trainAutoencoder(checkpoint, "vae", parameters("vae."), options.vaeSteps(), 1e-4f);
            double scale = options.vaeSteps() > 0 ? measureLatentScale() : model.config().vae().latentScale();
            model.setLatentScale(scale);
            state = new State("decoder", 0, scale, state.seconds());
            save(checkpoint, null, null);
        }

        /**
         * Trains the decoder alone on latents of the frozen encoder, drawn from its posterior as in the VAE phase
         * (so the decoder learns to tolerate latents that are a little off, as generated ones are). The latent
         * scale stays: the encoder, and so every latent, is unchanged.
         */
        void decoderPhase(Path checkpoint) throws IOException {
            if (!state.phase().equals("decoder")) {
                return;
            }
            trainAutoencoder(checkpoint, "decoder", parameters(VideoModel.DECODER_PREFIX), options.decoderSteps(), 0);
            state = new State("denoiser", 0, state.latentScale(), state.seconds());
            save(checkpoint, null, null);
        }

        /**
         * Steps of {@code phase} on the VAE's reconstruction loss (L1 + MSE of the decoded posterior sample, plus
         * {@code klWeight} times the KL term when positive), updating {@code parameters} only.
         */
        void trainAutoencoder(Path checkpoint, String phase, Map<String, NDArray> parameters, int steps, float klWeight)
                throws IOException {
            AdamW adam = new AdamW(parameters, 0.9, 0.99, 1e-8, 0.01);
            restoreOptimizer(checkpoint, adam, null);
            parameters.values().forEach(p -> p.setRequiresGradient(true));
            NDManager manager = model.manager();
            for (int step = state.step(); step < steps; step++) {
                int current = step;
                double loss = trainStep(adam, parameters, schedule(step, steps), () -> {
                    NDArray pictures = windows(model.config(), manager, batch(phase, current),
                            random(phase + "-window", current));
                    VideoVae.Posterior posterior = model.vae().posterior(pictures);
                    NDArray noise = gaussian(manager, posterior.mean().getShape(), random(phase + "-noise", current));
                    NDArray z = posterior.mean().add(posterior.logVariance().mul(0.5f).exp().mul(noise));
                    NDArray difference = model.vae().decode(z).get(":, :, 0:" + pictures.getShape().get(2)).sub(pictures);
                    NDArray reconstruction = difference.abs().mean().add(difference.square().mean());
                    if (klWeight <= 0) {
                        return reconstruction;
                    }
                    NDArray kl = posterior.mean().square().add(posterior.logVariance().exp()).sub(1f)
                            .sub(posterior.logVariance()).mean().mul(0.5f);
                    return reconstruction.add(kl.mul(klWeight));
                }, null);
                lastVaeLoss = loss;
                log(phase, step + 1, loss);
                listener.progress(phase, step + 1, steps, loss);
                state = new State(phase, step + 1, state.latentScale(), state.seconds());
                if ((step + 1) % options.checkpointEvery() == 0 && step + 1 < steps) {
                    save(checkpoint, adam, null);
                }
            }
            parameters.values().forEach(p -> p.setRequiresGradient(false));
        }

        /**
         * One optimiser step on the loss {@code compute} builds, then {@code after} (the EMA) in the same scope. A step
         * whose gradients come out non-finite is computed again from the same batch and noise, at most
         * {@link #RECOMPUTATIONS} times, then skipped by AdamW as before: PyTorch's CPU convolution returns NaN now and
         * then from finite operands on some CPUs (see {@link io.auteur.engine.internal.Layers#GATHERED_LIMIT}).
         * training.json counts them.
         */
        double trainStep(AdamW adam, Map<String, NDArray> parameters, double learningRate,
                         LossComputation compute, Runnable after) throws IOException {
            for (int attempt = 0; ; attempt++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    double loss;
                    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                        AdamW.zeroGradients(parameters.values());
                        NDArray total = compute.loss();
                        collector.backward(total);
                        loss = total.getFloat();
                    }
                    // Outside the collector: updates must not be recorded for autograd.
                    double norm = adam.step(parameters, learningRate, 1.0);
                    if (!Double.isFinite(norm) && attempt < RECOMPUTATIONS) {
                        recomputedSteps++;
                        continue;
                    }
                    skippedInARow = Double.isFinite(norm) ? 0 : skippedInARow + 1;
                    if (skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
                        // Seen once: every step of a run NaN from its first, while a new process from the same
                        // checkpoint trained normally. Hours of skipped steps would look like training.
                        throw new IOException(MAX_SKIPPED_IN_A_ROW + " steps in a row had non-finite gradients even "
                                + "when computed again; the weights are as at the last checkpoint: continue with --resume");
                    }
                    if (after != null) {
                        after.run();
                    }
                    return loss;
                }
            }
        }

        /** 1 / standard deviation of VAE latent means over some training clips, so latents match unit noise. */
        double measureLatentScale() throws IOException {
            double sum = 0, squares = 0;
            long count = 0;
            for (int i = 0; i < 4; i++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    float[] values = model.vae().encode(pictures(model.manager(), batch("scale", i))).toFloatArray();
                    for (float v : values) {
                        sum += v;
                        squares += v * v;
                        count++;
                    }
                }
            }
            double mean = sum / count;
            double std = Math.sqrt(Math.max(1e-12, squares / count - mean * mean));
            // A barely trained VAE can have nearly constant latents; an unbounded scale would blow them up.
            return Math.max(0.05, Math.min(20.0, 1.0 / std));
        }

        void denoiserPhase(Path checkpoint) throws IOException {
            if (options.steps() == 0) {
                return;
            }
            Map<String, NDArray> parameters = parameters("text.", "denoiser.");
            AdamW adam = new AdamW(parameters, 0.9, 0.99, 1e-8, 0.01);
            Map<String, NDArray> ema = new LinkedHashMap<>();
            parameters.forEach((name, p) -> ema.put(name, p.duplicate()));
            restoreOptimizer(checkpoint, adam, ema);
            parameters.values().forEach(p -> p.setRequiresGradient(true));
            for (int step = state.step(); step < options.steps(); step++) {
                int denoiserStep = step;
                // EMA with a warm-up, so short runs are not dominated by the initial weights.
                float decay = (float) Math.min(0.999, (1.0 + step) / (10.0 + step));
                double loss = trainStep(adam, parameters, schedule(step, options.steps()),
                        () -> denoiserLoss(model, batch("denoiser", denoiserStep), random("denoiser", denoiserStep), true,
                                options.foregroundWeight(), options.timeShift()),
                        () -> parameters.forEach((name, p) -> ema.get(name).muli(decay).addi(p.mul(1f - decay))));
                lastLoss = loss;
                log("denoiser", step + 1, loss);
                listener.progress("denoiser", step + 1, options.steps(), loss);
                state = new State("denoiser", step + 1, state.latentScale(), state.seconds());
                if ((step + 1) % options.checkpointEvery() == 0 && step + 1 < options.steps()) {
                    save(checkpoint, adam, ema);
                }
            }
            parameters.values().forEach(p -> p.setRequiresGradient(false));
            // The released weights are the EMA weights.
            parameters.forEach((name, p) -> p.set(ema.get(name).toFloatArray()));
            state = new State("done", options.steps(), state.latentScale(), state.seconds());
        }

        /**
         * The flow-matching loss of a batch: x_t = (1 - t) x0 + t noise, target velocity noise - x0, t drawn
         * logit-normal; with {@code randomise} each sample gets a random conditioning and text dropout. Latent cells
         * that show an object or the actor weigh {@code foregroundWeight} times the others, and times are shifted
         * towards noise by {@code timeShift} (validation does neither, so its loss compares across runs).
         */
        static NDArray denoiserLoss(VideoModel model, List<ClipRecord> clips, SplittableRandom random, boolean randomise,
                                    double foregroundWeight, double timeShift) {
            NDManager manager = model.manager();
            ModelConfig config = model.config();
            int batch = clips.size(), frames = config.frames(), plane = config.width() * config.height();
            int latentFrames = config.latentFrames(frames);
            NDArray pictures = pictures(config, manager, clips);
            NDArray x0 = model.encodeLatents(pictures);
            // Conditioning, per sample.
            float[] pixelMasks = new float[batch * frames * plane];
            float[] latentMasks = new float[batch * latentFrames * config.latentHeight() * config.latentWidth()];
            float[] controlPictures = new float[batch * 3 * frames * plane];
            float[] weights = new float[latentMasks.length];
            int[] kinds = new int[batch];
            int[][] ids = new int[batch][];
            for (int b = 0; b < batch; b++) {
                ClipRecord clip = clips.get(b);
                byte[] mask = randomise ? Masks.random(random, frames, config.width(), config.height())
                        : new byte[frames * plane];
                for (int i = 0; i < mask.length; i++) {
                    pixelMasks[b * frames * plane + i] = (mask[i] & 0xff) >= 128 ? 1f : 0f;
                }
                float[] latentMask = Pictures.latentMask(mask, frames, config.width(), config.height(), latentFrames,
                        config.vae().spatialFactor());
                System.arraycopy(latentMask, 0, latentMasks, b * latentMask.length, latentMask.length);
                if (foregroundWeight != 1) {
                    float[] foreground = foreground(clip, config, latentFrames);
                    for (int i = 0; i < foreground.length; i++) {
                        weights[b * foreground.length + i] = 1 + (float) (foregroundWeight - 1) * foreground[i];
                    }
                }
                if (randomise && random.nextDouble() < 0.5) {
                    String kind = CONTROLS.get(random.nextInt(CONTROLS.size()));
                    if (kind.equals("pose") && !TrainingData.hasActor(clip)) {
                        kind = "edges";
                    }
                    // Clips from footage have no depth or pose: use a control they have, chosen without a draw so
                    // previs clips see the same random sequence as before.
                    List<String> available = TrainingData.controls(clip);
                    if (!available.contains(kind) && !available.isEmpty()) {
                        kind = available.get(CONTROLS.indexOf(kind) % available.size());
                    }
                    if (available.contains(kind)) {
                        kinds[b] = Denoiser.CONTROL_KINDS.indexOf(kind);
                        byte[][] control = TrainingData.control(clip, kind);
                        writePictures(control, frames, plane, controlPictures, b * 3 * frames * plane);
                    }
                }
                boolean dropText = randomise && random.nextDouble() < TEXT_DROPOUT;
                ids[b] = model.tokenizer().encode(dropText ? "" : caption(clip), model.text().maxTokens());
            }
            Shape latentShape = x0.getShape();
            NDArray pixelMask = manager.create(pixelMasks, new Shape(batch, 1, frames, config.height(), config.width()));
            NDArray latentMask = manager.create(latentMasks, new Shape(batch, 1, latentFrames, config.latentHeight(),
                    config.latentWidth()));
            boolean[] anyKnown = new boolean[batch], anyControl = new boolean[batch];
            int latentPlane = latentMasks.length / batch;
            for (int b = 0; b < batch; b++) {
                for (int i = b * latentPlane; i < (b + 1) * latentPlane && !anyKnown[b]; i++) {
                    anyKnown[b] = latentMasks[i] > 0;
                }
                anyControl[b] = kinds[b] != 0;
            }
            NDArray known = encodeLatentsOf(model, pictures.mul(pixelMask), anyKnown, latentShape).mul(latentMask);
            NDArray controlLatents = encodeLatentsOf(model, manager.create(controlPictures,
                    new Shape(batch, 3, frames, config.height(), config.width())), anyControl, latentShape);
            // Times (logit-normal, shifted) and noise.
            float[] times = new float[batch];
            for (int b = 0; b < batch; b++) {
                times[b] = (float) trainingTime(random, timeShift);
            }
            NDArray t = manager.create(times);
            NDArray noise = gaussian(manager, latentShape, random);
            NDArray tb = t.reshape(batch, 1, 1, 1, 1);
            NDArray noisy = x0.mul(tb.neg().add(1f)).add(noise.mul(tb));
            TextEncoder.Encoded text = model.text().encode(manager, ids);
            NDArray velocity = model.denoiser().velocity(noisy, t,
                    new Denoiser.Conditions(known, latentMask, controlLatents, kinds, text));
            NDArray squares = velocity.sub(noise.sub(x0)).square();
            if (foregroundWeight == 1) {
                return squares.mean();
            }
            NDArray weight = manager.create(weights, latentMask.getShape());
            return squares.mul(weight).mean().div(weight.mean());
        }

        /**
         * Latents of the samples of {@code pictures} that {@code which} names, zeros for the others: encoding is most
         * of a step's cost besides the denoiser, and about half the samples have no control and some no known pixels.
         */
        private static NDArray encodeLatentsOf(VideoModel model, NDArray pictures, boolean[] which, Shape latentShape) {
            NDList chosen = new NDList();
            for (int b = 0; b < which.length; b++) {
                if (which[b]) {
                    chosen.add(pictures.get(b + ":" + (b + 1)));
                }
            }
            if (chosen.size() == which.length) {
                return model.encodeLatents(pictures);
            }
            NDManager manager = model.manager();
            Shape one = new Shape(1).addAll(latentShape.slice(1));
            NDArray encoded = chosen.isEmpty() ? null : model.encodeLatents(NDArrays.concat(chosen));
            NDList rows = new NDList();
            int next = 0;
            for (int b = 0; b < which.length; b++) {
                if (which[b]) {
                    rows.add(encoded.get(next + ":" + (next + 1)));
                    next++;
                } else {
                    rows.add(manager.zeros(one));
                }
            }
            return NDArrays.concat(rows);
        }

        double validationPsnr(int validation) throws IOException {
            double total = 0;
            int count = Math.min(validation, 16);
            for (int i = 0; i < count; i++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    List<ClipRecord> clip = List.of(data.read(training + i));
                    NDArray pictures = pictures(model.manager(), clip);
                    NDArray reconstruction = model.vae().decode(model.vae().encode(pictures))
                            .get(":, :, 0:" + pictures.getShape().get(2)).clip(-1, 1);
                    // Pictures span [-1, 1], so the peak-to-peak range is 2.
                    double mse = reconstruction.sub(pictures).square().mean().getFloat();
                    total += 10 * Math.log10(4.0 / Math.max(mse, 1e-12));
                }
            }
            return total / count;
        }

        double validationLoss(int validation) throws IOException {
            if (options.steps() == 0) {
                return Double.NaN;
            }
            List<ClipRecord> clips = new ArrayList<>();
            for (int i = 0; i < Math.min(validation, 8); i++) {
                clips.add(data.read(training + i));
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                return denoiserLoss(model, clips, new SplittableRandom(12345), true, 1, 1).getFloat();
            }
        }

        List<ClipRecord> batch(String phase, int step) throws IOException {
            SplittableRandom random = random(phase + "-batch", step);
            List<ClipRecord> clips = new ArrayList<>();
            for (int i = 0; i < options.batch(); i++) {
                clips.add(data.read(random.nextInt(training)));
            }
            return clips;
        }

        SplittableRandom random(String purpose, long step) {
            return new SplittableRandom(options.seed() * 1_000_003L + purpose.hashCode() * 7919L + step);
        }

        NDArray pictures(NDManager manager, List<ClipRecord> clips) {
            return pictures(model.config(), manager, clips);
        }

        static NDArray pictures(ModelConfig config, NDManager manager, List<ClipRecord> clips) {
            int frames = config.frames(), plane = config.width() * config.height();
            float[] values = new float[clips.size() * 3 * frames * plane];
            for (int b = 0; b < clips.size(); b++) {
                ClipRecord clip = clips.get(b);
                byte[][] rgb = new byte[frames][];
                for (int t = 0; t < frames; t++) {
                    rgb[t] = java.util.Arrays.copyOfRange(clip.rgb(), t * plane * 3, (t + 1) * plane * 3);
                }
                writePictures(rgb, frames, plane, values, b * 3 * frames * plane);
            }
            return manager.create(values, new Shape(clips.size(), 3, frames, config.height(), config.width()));
        }

        /** Frames of interleaved RGB bytes into [3, frames, plane] floats in [-1, 1] at {@code offset}. */
        static void writePictures(byte[][] frames, int count, int plane, float[] out, int offset) {
            for (int c = 0; c < 3; c++) {
                for (int t = 0; t < count; t++) {
                    int base = offset + (c * count + t) * plane;
                    for (int i = 0; i < plane; i++) {
                        out[base + i] = (frames[t][i * 3 + c] & 0xff) / 127.5f - 1f;
                    }
                }
            }
        }

        static String caption(ClipRecord clip) {
            try {
                return JSON.readTree(clip.header()).path("caption").asText("");
            } catch (IOException e) {
                throw new IllegalStateException("clip header is not JSON", e);
            }
        }

        static NDArray gaussian(NDManager manager, Shape shape, SplittableRandom random) {
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextGaussian();
            }
            return manager.create(values, shape);
        }

        /** Linear warm-up over the first 5% (at most 500 steps), then cosine decay to a tenth. */
        double schedule(int step, int total) {
            int warmup = Math.max(1, Math.min(500, total / 20));
            if (step < warmup) {
                return options.learningRate() * (step + 1) / warmup;
            }
            double progress = (double) (step - warmup) / Math.max(1, total - warmup);
            return options.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
        }

        void log(String phase, int step, double loss) throws IOException {
            double seconds = state.seconds() + (System.nanoTime() - phaseStart) / 1e9;
            Files.writeString(csv, "%s,%d,%.6f,%.1f%n".formatted(phase, step, loss, seconds),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }

        /** On resume, drops CSV rows past the checkpoint so the curve has no duplicates. */
        void truncateCsv() throws IOException {
            if (!Files.exists(csv)) {
                Files.writeString(csv, "phase,step,loss,seconds\n");
                return;
            }
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(csv)) {
                String[] parts = line.split(",");
                boolean header = parts[0].equals("phase");
                int rowPhase = PHASES.indexOf(parts[0]), statePhase = PHASES.indexOf(state.phase());
                boolean before = !header && (rowPhase < statePhase
                        || rowPhase == statePhase && Integer.parseInt(parts[1]) <= state.step());
                if (header || before) {
                    kept.add(line);
                }
            }
            Files.write(csv, kept);
        }

        void save(Path checkpoint, AdamW adam, Map<String, NDArray> ema) throws IOException {
            double seconds = state.seconds() + (System.nanoTime() - phaseStart) / 1e9;
            Path partial = checkpoint.resolveSibling("checkpoint.partial");
            delete(partial);
            model.save(partial);
            if (adam != null) {
                write(partial.resolve("adam_m.safetensors"), adam.firstMoments(), Map.of("steps", Long.toString(adam.steps())));
                write(partial.resolve("adam_v.safetensors"), adam.secondMoments(), Map.of());
            }
            if (ema != null) {
                write(partial.resolve("ema.safetensors"), ema, Map.of());
            }
            JSON.writeValue(partial.resolve("state.json").toFile(),
                    new State(state.phase(), state.step(), state.latentScale(), seconds));
            delete(checkpoint);
            Files.move(partial, checkpoint, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LossPlot.write(csv, options.out().resolve("loss.png"));
        }

        void restoreOptimizer(Path checkpoint, AdamW adam, Map<String, NDArray> ema) throws IOException {
            Path m = checkpoint.resolve("adam_m.safetensors");
            if (!options.resume() || !Files.exists(m) || state.step() == 0) {
                return;
            }
            Map<String, float[]> first = values(Safetensors.read(m));
            Map<String, float[]> second = values(Safetensors.read(checkpoint.resolve("adam_v.safetensors")));
            if (!first.keySet().equals(adam.firstMoments().keySet())) {
                return; // a checkpoint taken in the other phase
            }
            adam.restore(state.step(), first, second);
            if (ema != null && Files.exists(checkpoint.resolve("ema.safetensors"))) {
                Map<String, float[]> saved = values(Safetensors.read(checkpoint.resolve("ema.safetensors")));
                ema.forEach((name, array) -> array.set(saved.get(name)));
            }
        }

        void finish(double psnr, double validationLoss, double seconds) throws IOException {
            Path out = options.out();
            model.save(out);
            LossPlot.write(csv, out.resolve("loss.png"));
            ObjectNode card = JSON.createObjectNode();
            ModelConfig config = model.config();
            card.put("model", config.name());
            card.put("version", config.version());
            card.put("device", model.device().toString());
            card.put("vaeSteps", options.vaeSteps());
            card.put("decoderSteps", options.decoderSteps());
            card.put("denoiserSteps", options.steps());
            card.put("batch", options.batch());
            card.put("learningRate", options.learningRate());
            card.put("foregroundWeight", options.foregroundWeight());
            card.put("timeShift", options.timeShift());
            // The words past the window are not trained on; say how many captions lost some.
            long cut = data.captions().stream()
                    .filter(caption -> Tokenizer.split(caption).size() > config.text().maxTokens()).count();
            if (cut > 0) {
                card.put("captionsCut", cut);
            }
            if (options.from() != null) {
                int before = ModelConfig.read(options.from().resolve(VideoModel.CONFIG)).text().maxTokens();
                if (before != config.text().maxTokens()) {
                    card.put("textWindowGrownFrom", before);
                }
            }
            card.put("seed", options.seed());
            card.put("trainingSeconds", Math.round(seconds));
            if (datasetManifest != null) {
                card.set("datasetManifest", datasetManifest);
            }
            card.put("validationVaePsnrDb", psnr);
            card.put("validationFlowMatchingLoss", validationLoss);
            card.put("lastVaeLoss", lastVaeLoss);
            card.put("lastDenoiserLoss", lastLoss);
            card.put("recomputedSteps", recomputedSteps);
            card.set("data", data.manifest());
            Path earlier = options.from() == null ? null : options.from().resolve("training.json");
            if (earlier != null && Files.isRegularFile(earlier)) {
                // Fine-tuned or continued runs keep their lineage, so the card can state the whole compute.
                card.set("startedFrom", JSON.readTree(earlier.toFile()));
            }
            Path autoencoderRun = options.autoencoderFrom() == null ? null
                    : options.autoencoderFrom().resolve("training.json");
            if (autoencoderRun != null && Files.isRegularFile(autoencoderRun)) {
                card.set("autoencoderFrom", JSON.readTree(autoencoderRun.toFile()));
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("training.json").toFile(), card);
            Files.writeString(out.resolve("MODEL_CARD.md"), ModelCard.markdown(config, card, data.manifest()));
            delete(out.resolve("checkpoint"));
        }

        private static Map<String, float[]> values(Map<String, Safetensors.Tensor> tensors) {
            Map<String, float[]> out = new LinkedHashMap<>();
            tensors.forEach((name, tensor) -> out.put(name, tensor.values()));
            return out;
        }

        private static void write(Path file, Map<String, NDArray> arrays, Map<String, String> metadata) throws IOException {
            Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
            arrays.forEach((name, a) -> tensors.put(name, new Safetensors.Tensor(a.getShape().getShape(), a.toFloatArray())));
            Safetensors.write(file, tensors, metadata);
        }

        private static void delete(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
