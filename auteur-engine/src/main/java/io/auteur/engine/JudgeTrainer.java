package io.auteur.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.engine.JudgeReading.Attribute;
import io.auteur.engine.internal.AdamW;
import io.auteur.engine.internal.Weights;
import io.auteur.engine.internal.judge.JudgeBatch;
import io.auteur.engine.internal.judge.JudgeClips;
import io.auteur.engine.internal.judge.JudgeConfig;
import io.auteur.engine.internal.judge.JudgeNet;
import io.auteur.previs.dataset.DatasetWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code auteur judge train}: renders previs clips of in-scope scenes (one object, perhaps an actor), trains the
 * judge's classifier on their ground truth with AdamW and a summed cross-entropy over the attribute heads, saves it,
 * then measures it on fresh renders from a disjoint seed range and writes accuracy.json and the judge card.
 */
public final class JudgeTrainer {
    /**
     * First scene seed of judge training data. Disjoint from the bundled model's training seeds (1,000,000 to
     * 1,002,999) and the eval prompts' seeds, and from {@link #TEST_SEEDS}.
     */
    public static final long TRAINING_SEEDS = 5_000_000L;
    /** First scene seed of judge test clips. */
    public static final long TEST_SEEDS = 6_000_000L;
    /**
     * Weight of the segmentation loss (mean cross-entropy per patch) beside the summed attribute cross-entropies:
     * enough that the subject masks are learned early, when they help the heads most.
     */
    static final float SEGMENT_LOSS_WEIGHT = 4f;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param preset        judge config: standard (64x64, 16 frames at 8 fps) or toy (tests)
     * @param clips         training clips rendered (each seen several times over the steps)
     * @param steps         optimiser steps
     * @param batch         clips per step
     * @param firstSeed     first training scene seed; in-scope scenes from here on are used
     * @param testFirstSeed first test scene seed; training seeds must all lie below it
     * @param testClips     fresh clips the finished judge is measured on (0 skips the test)
     * @param threads       rendering threads
     * @param torchThreads  PyTorch's threads while training (0 leaves them as they are). One is the default: this
     *                      network's operations are small, and measured on two cores shared with other work, one
     *                      thread ran a step five times faster than two, which wait on each other at every operation.
     * @param from          a trained judge to start from (fine-tuning): its config and weights replace the preset's
     *                      and fresh ones, and its training record becomes the new one's base
     */
    public record Options(Path out, String preset, int clips, int steps, int batch, double learningRate, long seed,
                          long firstSeed, long testFirstSeed, int testClips, int threads, int torchThreads,
                          Device device, Optional<Path> from) {
        public Options {
            Objects.requireNonNull(from, "from");
            if (clips < 1 || clips > 200_000) {
                throw new IllegalArgumentException("training clips must lie in [1, 200000], was " + clips);
            }
            if (steps < 1 || steps > 1_000_000 || batch < 1 || batch > 1024) {
                throw new IllegalArgumentException("steps must lie in [1, 1000000] and batch in [1, 1024], were "
                        + steps + " and " + batch);
            }
            if (!(learningRate > 0 && learningRate < 1)) {
                throw new IllegalArgumentException("learning rate must lie in (0, 1), was " + learningRate);
            }
            if (testClips < 0 || testClips > 1_000_000 || threads < 1 || torchThreads < 0 || torchThreads > 1024) {
                throw new IllegalArgumentException("test clips must lie in [0, 1000000], threads be positive and torch "
                        + "threads in [0, 1024]");
            }
            if (firstSeed < 0 || testFirstSeed <= firstSeed) {
                throw new IllegalArgumentException("training seeds must start at 0 or later and below the test seeds ("
                        + firstSeed + " >= " + testFirstSeed + ")");
            }
        }

        /** The standard judge's options: seeds from {@link #TRAINING_SEEDS} and {@link #TEST_SEEDS}. */
        public static Options standard(Path out, int clips, int steps, int testClips) {
            return new Options(out, "standard", clips, steps, 32, 2e-3, 1, TRAINING_SEEDS, TEST_SEEDS, testClips,
                    Runtime.getRuntime().availableProcessors(), 1, VideoModel.defaultDevice(), Optional.empty());
        }
    }

    /** Receives progress: phase ("render", "train" or "test"), work done, work in the phase, latest loss (or NaN). */
    @FunctionalInterface
    public interface Listener {
        void progress(String phase, int done, int total, double loss);
    }

    /**
     * What a run did and measured.
     *
     * @param lastSeed the last training seed used (all lie in [firstSeed, lastSeed])
     */
    public record Report(int clips, long firstSeed, long lastSeed, int steps, double renderSeconds,
                         double trainSeconds, double lastLoss, Judge.Evaluation evaluation, long sizeBytes) {}

    private JudgeTrainer() {}

    public static Report train(Options options, Listener listener) throws IOException {
        // 1. Check the request, the judge to start from and the seed ranges before any work.
        JudgeConfig config = options.from().isPresent() ? Judge.configOf(options.from().get())
                : JudgeConfig.preset(options.preset(), Judge.labels());
        if (options.from().isPresent() && !Files.isRegularFile(options.from().get().resolve(Judge.WEIGHTS))) {
            throw new ModelFormatException(options.from().get() + ": no " + Judge.WEIGHTS + " to start from");
        }
        long[] seeds = JudgeClips.seeds(options.firstSeed(), options.clips());
        long lastSeed = seeds[seeds.length - 1];
        if (lastSeed >= options.testFirstSeed()) {
            throw new IllegalArgumentException(options.clips() + " training clips need seeds up to " + lastSeed
                    + ", into the test seeds from " + options.testFirstSeed() + ": use fewer clips or lower seeds");
        }
        Files.createDirectories(options.out());
        Engine.getEngine("PyTorch");
        int torchThreads = JniUtils.getNumThreads();
        try {
            if (options.torchThreads() > 0) {
                JniUtils.setNumThreads(options.torchThreads());
            }
            return run(options, config, seeds, listener, torchThreads);
        } finally {
            JniUtils.setNumThreads(torchThreads);
        }
    }

    private static Report run(Options options, JudgeConfig config, long[] seeds, Listener listener, int readingThreads)
            throws IOException {
        // 2. Render the training clips and their labels.
        long started = System.nanoTime();
        List<JudgeClips.Rendered> rendered = JudgeClips.render(seeds, config, options.threads(),
                done -> listener.progress("render", done, seeds.length, Double.NaN));
        int[][] labels = new int[rendered.size()][];
        for (int i = 0; i < rendered.size(); i++) {
            labels[i] = labelIndices(Judge.truth(rendered.get(i).scene()));
        }
        double renderSeconds = (System.nanoTime() - started) / 1e9;
        // 3. Train, 4. save.
        started = System.nanoTime();
        double lastLoss;
        long parameterCount;
        Path csv = options.out().resolve("loss.csv");
        Files.writeString(csv, "phase,step,loss,seconds\n");
        try (NDManager manager = NDManager.newBaseManager(options.device(), "PyTorch")) {
            // Fine-tuning reads every tensor of the earlier judge; a fresh one draws them from the seed.
            Weights weights = options.from().isPresent()
                    ? Weights.load(manager, options.from().get().resolve(Judge.WEIGHTS))
                    : Weights.fresh(manager, options.seed());
            JudgeNet net = new JudgeNet(config, weights);
            weights.checkAllUsed();
            parameterCount = weights.arrays().values().stream().mapToLong(NDArray::size).sum();
            lastLoss = optimise(options, net, weights, rendered, labels, listener, csv, started);
            config.write(options.out().resolve(Judge.CONFIG));
            weights.save(options.out().resolve(Judge.WEIGHTS), Map.of("format", "pt", "model", config.name(),
                    "version", config.version()));
        }
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        LossPlot.write(csv, options.out().resolve("loss.png"));
        rendered.clear(); // the training clips are no longer needed: the test's renders can reuse the memory
        // 5. Measure on fresh renders, and write the record of what was done.
        Judge.Evaluation evaluation = null;
        if (options.testClips() > 0) {
            // Measured with PyTorch's threads as any later load reads with: another thread count sums in another
            // order, and that turned 5 of 200 readings of the toy judge (41 right, then 36).
            JniUtils.setNumThreads(readingThreads);
            try (Judge judge = Judge.load(options.out(), options.device())) {
                evaluation = judge.evaluate(options.testFirstSeed(), options.testClips(), options.threads(),
                        done -> listener.progress("test", done, options.testClips(), Double.NaN));
            }
            Judge.writeAccuracy(evaluation, options.out().resolve(Judge.ACCURACY));
        }
        long lastSeed = seeds[seeds.length - 1];
        ObjectNode training = trainingRecord(options, config, lastSeed, renderSeconds, trainSeconds, lastLoss);
        training.put("parameters", parameterCount);
        if (options.from().isPresent()) {
            training.set("base", JSON.readTree(options.from().get().resolve("training.json").toFile()));
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(options.out().resolve("training.json").toFile(), training);
        Files.writeString(options.out().resolve(Judge.CARD), JudgeCard.markdown(config, training, evaluation));
        long size;
        try (var files = Files.list(options.out())) {
            size = files.mapToLong(p -> p.toFile().length()).sum();
        }
        return new Report(options.clips(), options.firstSeed(), lastSeed, options.steps(), renderSeconds, trainSeconds,
                lastLoss, evaluation, size);
    }

    private static int[] labelIndices(Map<Attribute, String> truth) {
        int[] indices = new int[Attribute.values().length];
        for (Attribute attribute : Attribute.values()) {
            indices[attribute.ordinal()] = attribute.indexOf(truth.get(attribute));
        }
        return indices;
    }

    /** One step's clips, prepared as the network's input values, mask targets and labels. */
    private record Prepared(JudgeBatch batch, float[] segments, int[][] labels) {
        static Prepared of(int[] indices, List<JudgeClips.Rendered> clips, int[][] labels, JudgeConfig config,
                           JudgeBatch buffers) {
            List<byte[]> inputs = new ArrayList<>(indices.length);
            int cells = config.gridWidth() * config.gridHeight(), frames = config.appearanceFrames();
            float perPixel = 1f / (config.patch() * config.patch());
            // Per appearance frame and patch: the share of its pixels showing neither subject, the object, the actor.
            float[] targets = new float[indices.length * frames * (1 + JudgeNet.SUBJECTS) * cells];
            int[][] batchLabels = new int[indices.length][];
            for (int b = 0; b < indices.length; b++) {
                JudgeClips.Rendered clip = clips.get(indices[b]);
                inputs.add(clip.rgb());
                for (int f = 0; f < frames; f++) {
                    int source = f * JudgeNet.SUBJECTS * cells, target = (b * frames + f) * (1 + JudgeNet.SUBJECTS) * cells;
                    for (int i = 0; i < cells; i++) {
                        float object = clip.masks()[source + i] * perPixel, actor = clip.masks()[source + cells + i] * perPixel;
                        targets[target + i] = Math.max(0, 1 - object - actor);
                        targets[target + cells + i] = object;
                        targets[target + 2 * cells + i] = actor;
                    }
                }
                batchLabels[b] = labels[indices[b]];
            }
            return new Prepared(buffers.fill(inputs), targets, batchLabels);
        }
    }

    /**
     * The training loop; returns the last step's loss. The next batch is prepared on another thread while the
     * current one trains (PyTorch runs on one thread, so the second core would otherwise idle); the clips of every
     * batch are drawn here, in order, so a run is the same whatever the threads' timing.
     */
    private static double optimise(Options options, JudgeNet net, Weights weights, List<JudgeClips.Rendered> clips,
                                   int[][] labels, Listener listener, Path csv, long started) throws IOException {
        JudgeConfig config = net.config();
        NDManager manager = weights.manager();
        Map<String, NDArray> parameters = weights.arrays();
        AdamW adam = new AdamW(parameters, 0.9, 0.99, 1e-8, 0.01);
        parameters.values().forEach(p -> p.setRequiresGradient(true));
        SplittableRandom random = new SplittableRandom(options.seed() * 1_000_003L + 17);
        double loss = Double.NaN;
        StringBuilder rows = new StringBuilder();
        ExecutorService preparer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "judge-batches");
            thread.setDaemon(true);
            return thread;
        });
        // Two sets of buffers: one is filled for the next step while the network reads the other.
        JudgeBatch[] buffers = {JudgeBatch.allocate(config, options.batch()), JudgeBatch.allocate(config, options.batch())};
        try {
            Future<Prepared> next = preparer.submit(prepare(random, options.batch(), clips, labels, config, buffers[0]));
            for (int step = 0; step < options.steps(); step++) {
                Prepared batch = next.get();
                if (step + 1 < options.steps()) {
                    next = preparer.submit(prepare(random, options.batch(), clips, labels, config, buffers[(step + 1) % 2]));
                }
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                        AdamW.zeroGradients(parameters.values());
                        JudgeNet.Output output = net.forward(manager, batch.batch());
                        NDArray total = loss(manager, output.logits(), batch.labels()).add(
                                segmentLoss(manager, output.segmentLogits(), batch.segments()).mul(SEGMENT_LOSS_WEIGHT));
                        collector.backward(total);
                        loss = total.getFloat();
                    }
                    // Outside the collector: updates must not be recorded for autograd.
                    adam.step(parameters, schedule(options, step), 1.0);
                }
                rows.append(String.format(Locale.ROOT, "train,%d,%.6f,%.1f%n", step + 1, loss,
                        (System.nanoTime() - started) / 1e9));
                if ((step + 1) % 50 == 0 || step + 1 == options.steps()) {
                    Files.writeString(csv, rows, StandardOpenOption.APPEND);
                    rows.setLength(0);
                }
                listener.progress("train", step + 1, options.steps(), loss);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("judge training was interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing a judge batch failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            preparer.shutdownNow();
        }
        parameters.values().forEach(p -> p.setRequiresGradient(false));
        return loss;
    }

    /** Draws a batch's clips now (in step order) and returns the work of preparing them. */
    private static Callable<Prepared> prepare(SplittableRandom random, int batch, List<JudgeClips.Rendered> clips,
                                              int[][] labels, JudgeConfig config, JudgeBatch buffers) {
        int[] indices = new int[batch];
        for (int b = 0; b < batch; b++) {
            indices[b] = random.nextInt(clips.size());
        }
        return () -> Prepared.of(indices, clips, labels, config, buffers);
    }

    /** The summed cross-entropy of every attribute head. */
    static NDArray loss(NDManager manager, Map<String, NDArray> logits, int[][] labels) {
        NDArray total = null;
        int batch = labels.length;
        for (Attribute attribute : Attribute.values()) {
            int classes = attribute.labels().size();
            float[] oneHot = new float[batch * classes];
            for (int b = 0; b < batch; b++) {
                oneHot[b * classes + labels[b][attribute.ordinal()]] = 1f;
            }
            NDArray target = manager.create(oneHot, new Shape(batch, classes));
            NDArray crossEntropy = logits.get(attribute.key()).logSoftmax(1).mul(target).sum().neg().div(batch);
            total = total == null ? crossEntropy : total.add(crossEntropy);
        }
        return total;
    }

    /**
     * How much more a patch's object and actor share counts than its share of neither in the segmentation loss.
     * Subjects cover one or two patches in a hundred; unweighted, the loss is nearly all background and, measured,
     * the head learned "something is here" but not whether it is the object or the actor.
     */
    static final float SUBJECT_WEIGHT = 8f;

    /** Mean weighted cross-entropy per patch of the segmentation logits [n, 3, h, w] against the rendered shares. */
    static NDArray segmentLoss(NDManager manager, NDArray logits, float[] shares) {
        NDArray target = manager.create(shares, logits.getShape());
        NDArray weights = manager.create(new float[] {1f, SUBJECT_WEIGHT, SUBJECT_WEIGHT}, new Shape(1, 3, 1, 1));
        return logits.logSoftmax(1).mul(target).mul(weights).sum(new int[] {1}).mean().neg();
    }

    /** Linear warm-up over the first 5% (at most 200 steps), then cosine decay to a twentieth. */
    static double schedule(Options options, int step) {
        int warmup = Math.max(1, Math.min(200, options.steps() / 20));
        if (step < warmup) {
            return options.learningRate() * (step + 1) / warmup;
        }
        double progress = (double) (step - warmup) / Math.max(1, options.steps() - warmup);
        return options.learningRate() * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    private static ObjectNode trainingRecord(Options options, JudgeConfig config, long lastSeed, double renderSeconds,
                                             double trainSeconds, double lastLoss) {
        ObjectNode record = JSON.createObjectNode();
        record.put("judge", config.name());
        record.put("version", config.version());
        record.put("generator", DatasetWriter.GENERATOR_VERSION);
        record.put("scope", "previs scenes (SceneSampler) with exactly one object, with or without an actor");
        record.put("trainingClips", options.clips());
        record.put("trainingFirstSeed", options.firstSeed());
        record.put("trainingLastSeed", lastSeed);
        record.put("testFirstSeed", options.testFirstSeed());
        record.put("steps", options.steps());
        record.put("batch", options.batch());
        record.put("learningRate", options.learningRate());
        record.put("seed", options.seed());
        record.put("renderSeconds", Math.round(renderSeconds));
        record.put("trainSeconds", Math.round(trainSeconds));
        record.put("lastLoss", lastLoss);
        record.put("device", options.device().toString());
        record.put("torchThreads", options.torchThreads());
        record.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + ", Java " + Runtime.version().feature());
        return record;
    }
}
