package io.auteur.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.engine.JudgeReading.Attribute;
import io.auteur.engine.JudgeReading.Guess;
import io.auteur.engine.internal.Weights;
import io.auteur.engine.internal.judge.JudgeBatch;
import io.auteur.engine.internal.judge.JudgeClips;
import io.auteur.engine.internal.judge.JudgeConfig;
import io.auteur.engine.internal.judge.JudgeNet;
import io.auteur.media.Clip;
import io.auteur.previs.Motion;
import io.auteur.previs.Scene;
import io.auteur.previs.SceneObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The evaluation judge: a small video classifier trained on previs ground truth that reads the primary subject of a
 * clip (object colour, shape, motion and its direction, camera move, actor action). Its accuracy on fresh renders
 * is measured after training and saved beside its weights; only attributes that reached
 * {@link #TRUSTED_ACCURACY} on at least {@link #TRUSTED_MIN_CLIPS} clips are marked trusted in a reading.
 *
 * <p>Scope: scenes with exactly one object (and perhaps an actor), as drawn by the previs scene sampler. A judge
 * folder holds config.json, judge.safetensors, accuracy.json and JUDGE_CARD.md. Not thread-safe; one per thread.
 */
public final class Judge implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "judge.safetensors";
    public static final String ACCURACY = "accuracy.json";
    public static final String CARD = "JUDGE_CARD.md";
    /** The accuracy on fresh renders an attribute needs before its scores are used. */
    public static final double TRUSTED_ACCURACY = 0.97;
    /** Fewest test clips an accuracy must come from to count (1000 clips: a standard error under 0.6% at 97%). */
    public static final int TRUSTED_MIN_CLIPS = 1000;
    /** Clips per forward pass when reading many. */
    static final int BATCH = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Never download natives at run time (as VideoModel).
        System.setProperty("ai.djl.offline", "true");
    }

    private final JudgeConfig config;
    private final NDManager manager;
    private final JudgeNet net;
    private final Map<Attribute, Evaluation.Score> measured;
    /** Input buffers, made on first use and reused by every read. */
    private JudgeBatch buffers;

    /**
     * What a test on fresh renders measured.
     *
     * @param firstSeed the first scene seed searched; {@code lastSeed} the last in-scope seed used
     */
    public record Evaluation(long firstSeed, long lastSeed, int clips, Map<Attribute, Score> scores) {
        /**
         * One attribute's result.
         *
         * @param confusion [true label][predicted label] counts, in {@link Attribute#labels()} order
         */
        public record Score(int correct, int total, int[][] confusion) {
            public double accuracy() {
                return total == 0 ? 0 : (double) correct / total;
            }

            /** Whether this score earns trust: accurate enough, measured on enough clips. */
            public boolean trusted() {
                return total >= TRUSTED_MIN_CLIPS && accuracy() >= TRUSTED_ACCURACY;
            }
        }

        public Evaluation {
            scores = Collections.unmodifiableMap(new EnumMap<>(scores));
        }
    }

    private Judge(JudgeConfig config, NDManager manager, JudgeNet net, Map<Attribute, Evaluation.Score> measured) {
        this.config = config;
        this.manager = manager;
        this.net = net;
        this.measured = measured;
    }

    /** Loads the judge in {@code directory} on the default device (the first GPU, else the CPU). */
    public static Judge load(Path directory) {
        return load(directory, VideoModel.defaultDevice());
    }

    public static Judge load(Path directory, Device device) {
        JudgeConfig config = configOf(directory);
        Map<Attribute, Evaluation.Score> measured = readAccuracy(directory.resolve(ACCURACY));
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            Weights weights = Weights.load(manager, directory.resolve(WEIGHTS));
            JudgeNet net = new JudgeNet(config, weights);
            weights.checkAllUsed();
            return new Judge(config, manager, net, measured);
        } catch (IOException e) {
            manager.close();
            throw new ModelFormatException(directory.resolve(WEIGHTS) + ": " + e.getMessage());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Every attribute's labels, in head order: what a judge config must hold to be read by this build. */
    static Map<String, List<String>> labels() {
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (Attribute attribute : Attribute.values()) {
            labels.put(attribute.key(), attribute.labels());
        }
        return labels;
    }

    /** The config of the judge in {@code directory}, checked to hold the labels this build reads. */
    static JudgeConfig configOf(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ModelFormatException(directory + ": no judge folder here (train one with auteur judge train --out "
                    + directory + ")");
        }
        JudgeConfig config = JudgeConfig.read(directory.resolve(CONFIG));
        checkLabels(config, directory.resolve(CONFIG));
        return config;
    }

    private static void checkLabels(JudgeConfig config, Path file) {
        if (!config.labels().equals(labels())) {
            throw new ModelFormatException(file + ": the judge was trained for labels " + config.labels()
                    + " but this build reads " + labels());
        }
    }

    /** Reads one clip of any size, length and frame rate (resampled to the judge's input, see below). */
    public JudgeReading read(Clip clip) {
        return readAll(List.of(clip)).getFirst();
    }

    /**
     * Reads clips in batches. Each is resampled to the judge's input: the first {@code frames / fps} seconds at its
     * frame rate (a shorter clip holds its last frame), the centred crop of its aspect ratio, resized.
     *
     * <p>Each clip is read twice, as given and mirrored left to right, and the {@link Attribute#appearance()
     * appearance} attributes take the mean of the two readings' probabilities: colour, shape and size do not change in
     * a mirror, and the two views' errors are partly independent (on 2000 validation renders, seeds from 5,800,000,
     * shape +1.2 and clothing +1.4 points). Motion, direction, camera and action are read from the clip as given:
     * averaged with the mirror, motion, direction and camera lost 1.0 to 2.7 points there (this network does not
     * read motion the same way in a mirror) and action gained 0.3.
     */
    public List<JudgeReading> readAll(List<Clip> clips) {
        List<byte[]> inputs = new ArrayList<>(clips.size());
        for (Clip clip : clips) {
            inputs.add(JudgeClips.resample(clip, config));
        }
        return readInputs(inputs);
    }

    List<JudgeReading> readInputs(List<byte[]> inputs) {
        List<JudgeReading> readings = new ArrayList<>(inputs.size());
        for (int from = 0; from < inputs.size(); from += BATCH) {
            List<byte[]> batch = inputs.subList(from, Math.min(inputs.size(), from + BATCH));
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                if (buffers == null) {
                    buffers = JudgeBatch.allocate(config, BATCH);
                }
                Map<Attribute, float[]> probabilities = probabilities(batch);
                Map<Attribute, float[]> mirrored = probabilities(batch.stream().map(this::mirror).toList());
                for (Attribute attribute : Attribute.values()) {
                    if (attribute.appearance()) {
                        float[] direct = probabilities.get(attribute), mirror = mirrored.get(attribute);
                        for (int k = 0; k < direct.length; k++) {
                            direct[k] = (direct[k] + mirror[k]) / 2;
                        }
                    }
                }
                for (int b = 0; b < batch.size(); b++) {
                    readings.add(reading(probabilities, b));
                }
            }
        }
        return readings;
    }

    private Map<Attribute, float[]> probabilities(List<byte[]> inputs) {
        Map<String, NDArray> logits = net.forward(manager, buffers.fill(inputs)).logits();
        Map<Attribute, float[]> probabilities = new EnumMap<>(Attribute.class);
        for (Attribute attribute : Attribute.values()) {
            probabilities.put(attribute, logits.get(attribute.key()).softmax(1).toFloatArray());
        }
        return probabilities;
    }

    /** The input mirrored left to right (frames of rows of RGB pixels). */
    private byte[] mirror(byte[] input) {
        int w = config.width(), rows = input.length / 3 / w;
        byte[] out = new byte[input.length];
        for (int r = 0; r < rows; r++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(input, (r * w + x) * 3, out, (r * w + w - 1 - x) * 3, 3);
            }
        }
        return out;
    }

    private JudgeReading reading(Map<Attribute, float[]> probabilities, int index) {
        Map<Attribute, Guess> guesses = new EnumMap<>(Attribute.class);
        probabilities.forEach((attribute, values) -> {
            List<String> labels = attribute.labels();
            int best = 0;
            Map<String, Double> distribution = new LinkedHashMap<>();
            for (int k = 0; k < labels.size(); k++) {
                double p = values[index * labels.size() + k];
                distribution.put(labels.get(k), p);
                if (p > values[index * labels.size() + best]) {
                    best = k;
                }
            }
            guesses.put(attribute, new Guess(labels.get(best), values[index * labels.size() + best],
                    trusted(attribute), distribution));
        });
        return new JudgeReading(guesses);
    }

    /** Whether {@code attribute}'s measured accuracy earns trust (false when it was never measured). */
    public boolean trusted(Attribute attribute) {
        Evaluation.Score score = measured.get(attribute);
        return score != null && score.trusted();
    }

    /** The accuracy measured on fresh renders when the judge was made, per attribute (empty if never tested). */
    public Map<Attribute, Double> accuracy() {
        Map<Attribute, Double> out = new EnumMap<>(Attribute.class);
        measured.forEach((attribute, score) -> out.put(attribute, score.accuracy()));
        return out;
    }

    /** Input width, height, frames and fps: what every clip is resampled to. */
    public String inputDescription() {
        return config.width() + "x" + config.height() + ", " + config.frames() + " frames at "
                + String.format(Locale.ROOT, "%.3g", config.fps()) + " fps";
    }

    JudgeConfig config() {
        return config;
    }

    /**
     * The ground truth the judge should read from a scene in its scope: the labels of its one object, the camera
     * move and the actor's action, skin, clothing and size ("none" without an actor).
     *
     * @throws IllegalArgumentException for a scene outside the scope (not exactly one object)
     */
    public static Map<Attribute, String> truth(Scene scene) {
        if (!JudgeClips.inScope(scene)) {
            throw new IllegalArgumentException("the judge reads scenes with exactly one object; this scene has "
                    + scene.objects().size());
        }
        SceneObject object = scene.objects().getFirst();
        Map<Attribute, String> truth = new EnumMap<>(Attribute.class);
        truth.put(Attribute.COLOUR, object.colour().word());
        truth.put(Attribute.SHAPE, lower(object.shape()));
        truth.put(Attribute.MOTION, switch (object.motion()) {
            case Motion.Still still -> "still";
            case Motion.Move move -> "move";
            case Motion.Bounce bounce -> "bounce";
            case Motion.Roll roll -> "roll";
            case Motion.Fall fall -> "fall";
            case Motion.Spin spin -> "spin";
            case Motion.Orbit orbit -> "orbit";
        });
        truth.put(Attribute.DIRECTION, switch (object.motion()) {
            case Motion.Move move -> lower(move.direction());
            case Motion.Bounce bounce -> lower(bounce.direction());
            case Motion.Roll roll -> lower(roll.direction());
            default -> JudgeReading.NONE;
        });
        truth.put(Attribute.CAMERA, lower(scene.camera().move()));
        truth.put(Attribute.ACTION, scene.actor().map(actor -> lower(actor.action())).orElse(JudgeReading.NONE));
        truth.put(Attribute.SKIN, scene.actor().map(actor -> actor.skin().word()).orElse(JudgeReading.NONE));
        truth.put(Attribute.CLOTHING, scene.actor().map(actor -> actor.clothing().word()).orElse(JudgeReading.NONE));
        truth.put(Attribute.BUILD, scene.actor().map(actor -> lower(actor.size())).orElse(JudgeReading.NONE));
        return truth;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Measures the judge on {@code count} fresh renders: the first in-scope scenes from {@code firstSeed} on,
     * rendered at its input size and read through {@link #readAll} like any clip.
     *
     * @param progress receives the number of clips read so far
     */
    public Evaluation evaluate(long firstSeed, int count, int threads, IntConsumer progress) {
        if (count < 1 || count > 1_000_000) {
            throw new IllegalArgumentException("test clip count must lie in [1, 1000000], was " + count);
        }
        long[] seeds = JudgeClips.seeds(firstSeed, count);
        Map<Attribute, int[][]> confusion = new EnumMap<>(Attribute.class);
        for (Attribute attribute : Attribute.values()) {
            confusion.put(attribute, new int[attribute.labels().size()][attribute.labels().size()]);
        }
        int done = 0;
        // Rendered and read a few batches at a time, so memory stays bounded whatever the count.
        for (int from = 0; from < seeds.length; from += BATCH * 8) {
            long[] chunk = Arrays.copyOfRange(seeds, from, Math.min(seeds.length, from + BATCH * 8));
            List<JudgeClips.Rendered> rendered = JudgeClips.render(chunk, config, threads, n -> { });
            List<Clip> clips = rendered.stream().map(r -> JudgeClips.clip(r, config)).toList();
            List<JudgeReading> readings = readAll(clips);
            for (int i = 0; i < readings.size(); i++) {
                Map<Attribute, String> truth = truth(rendered.get(i).scene());
                for (Attribute attribute : Attribute.values()) {
                    confusion.get(attribute)[attribute.indexOf(truth.get(attribute))]
                            [attribute.indexOf(readings.get(i).label(attribute))]++;
                }
            }
            done += readings.size();
            progress.accept(done);
        }
        Map<Attribute, Evaluation.Score> scores = new EnumMap<>(Attribute.class);
        confusion.forEach((attribute, matrix) -> {
            int correct = 0;
            for (int k = 0; k < matrix.length; k++) {
                correct += matrix[k][k];
            }
            scores.put(attribute, new Evaluation.Score(correct, count, matrix));
        });
        return new Evaluation(firstSeed, seeds[seeds.length - 1], count, scores);
    }

    /**
     * Records a new measurement of the judge in {@code directory}: its accuracy.json (which decides trust at the next
     * {@link #load}) and the card's accuracy table, the rest of the card written again from its config and training
     * record. For a judge whose reading changed after it was trained.
     *
     * @throws IllegalArgumentException when the measured scenes overlap the seeds of any run that trained it
     */
    public static void recordAccuracy(Path directory, Evaluation evaluation) {
        try {
            JsonNode training = JSON.readTree(directory.resolve("training.json").toFile());
            for (JsonNode run = training; !run.isMissingNode(); run = run.path("base")) {
                long first = run.path("trainingFirstSeed").asLong(), last = run.path("trainingLastSeed").asLong();
                if (evaluation.firstSeed() <= last && first <= evaluation.lastSeed()) {
                    throw new IllegalArgumentException("the judge was trained on seeds " + first + " to " + last
                            + ", which overlap the measured seeds " + evaluation.firstSeed() + " to "
                            + evaluation.lastSeed() + ": accuracy is recorded only on scenes it never saw");
                }
            }
            writeAccuracy(evaluation, directory.resolve(ACCURACY));
            Files.writeString(directory.resolve(CARD), JudgeCard.markdown(configOf(directory), training, evaluation));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the judge's accuracy in " + directory, e);
        }
    }

    /** Saves what {@link #evaluate} measured as accuracy.json, which {@link #load} reads to decide trust. */
    static void writeAccuracy(Evaluation evaluation, Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("description", "accuracy per attribute on fresh previs renders never seen in training; an attribute is "
                + "trusted at accuracy >= " + TRUSTED_ACCURACY + " on >= " + TRUSTED_MIN_CLIPS + " clips");
        root.put("firstSeed", evaluation.firstSeed());
        root.put("lastSeed", evaluation.lastSeed());
        root.put("clips", evaluation.clips());
        ObjectNode attributes = root.putObject("attributes");
        evaluation.scores().forEach((attribute, score) -> {
            ObjectNode node = attributes.putObject(attribute.key());
            node.put("correct", score.correct());
            node.put("total", score.total());
            node.put("accuracy", score.accuracy());
            node.put("trusted", score.trusted());
            node.set("confusion", JSON.valueToTree(score.confusion()));
        });
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private static Map<Attribute, Evaluation.Score> readAccuracy(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            if (Files.size(file) > 1 << 20) {
                throw new ModelFormatException(file + ": larger than 1 MiB");
            }
            JsonNode attributes = JSON.readTree(file.toFile()).path("attributes");
            Map<Attribute, Evaluation.Score> scores = new EnumMap<>(Attribute.class);
            for (Attribute attribute : Attribute.values()) {
                JsonNode node = attributes.path(attribute.key());
                if (node.isMissingNode()) {
                    continue;
                }
                int correct = node.path("correct").asInt(-1), total = node.path("total").asInt(-1);
                if (correct < 0 || total < 1 || correct > total) {
                    throw new ModelFormatException(file + ": attributes." + attribute.key()
                            + " needs 0 <= correct <= total and total >= 1");
                }
                scores.put(attribute, new Evaluation.Score(correct, total, new int[0][0]));
            }
            return scores;
        } catch (IOException e) {
            throw new ModelFormatException(file + ": not valid JSON: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
