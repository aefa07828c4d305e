package io.auteur.bench;

import ai.djl.Device;
import io.auteur.engine.Generation;
import io.auteur.engine.GenerationPipeline;
import io.auteur.engine.ModelConfig;
import io.auteur.engine.Pictures;
import io.auteur.engine.Tokenizer;
import io.auteur.engine.VideoModel;
import io.auteur.media.AudioTrack;
import io.auteur.media.Clip;
import io.auteur.media.EncodeOptions;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.ShotRenderer;
import io.auteur.previs.caption.PromptParser;
import io.auteur.provenance.forensics.ForensicFeatures;
import io.auteur.provenance.forensics.Forensics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Fits the logistic score of {@link Forensics} (issue 7) and measures its true and false positive rates.
 *
 * <p>Generated-style clips: previs renders (algorithmic, no trained model) and outputs of the untrained "toy" model
 * upscaled, each through H.264 as a verifier would see them. Camera clips: windows of the one real footage fixture
 * (time halves, crops, a half-size copy, a harder re-encode). Prints the in-sample rates, the leave-one-out rates
 * (the honest estimate on a sample this small) and the constants to paste into {@code Forensics}.
 *
 * <p>Usage: {@code ForensicsCalibration SHARED_DIR}
 */
public final class ForensicsCalibration {
    /** Prompts used here; the held-out test in auteur-provenance renders others. */
    static final String[] PROMPTS = {
        "a red sphere bounces to the right on a checkered floor while the camera pans left",
        "a blue cube slides to the left on a noisy floor under a sunset sky",
        "a person walks to the right on a striped floor while the camera dollies in",
        "a green cylinder spins on a textured floor under a starry sky",
        "a yellow cone falls on a speckled floor while the camera pans right",
        "a person waves on a checkered floor under a cloudy sky",
        "a purple sphere rolls to the left on a plain floor",
        "an orange cube bounces on a checkered floor while the camera orbits",
    };

    private record Sample(String name, boolean generated, ForensicFeatures features) {}

    private ForensicsCalibration() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
        Path temp = Files.createTempDirectory("forensics");
        List<Sample> samples = new ArrayList<>();

        for (int i = 0; i < PROMPTS.length; i++) {
            int width = i % 2 == 0 ? 256 : 320, height = i % 2 == 0 ? 256 : 192;
            Clip render = render(PROMPTS[i], width, height);
            samples.add(new Sample("previs " + i + " crf18", true, Forensics.measure(throughH264(render, 18, temp))));
            samples.add(new Sample("previs " + i + " crf28", true, Forensics.measure(throughH264(render, 28, temp))));
        }
        for (int seed = 1; seed <= 4; seed++) {
            samples.add(new Sample("toy model seed " + seed, true, Forensics.measure(throughH264(toy(seed), 18, temp))));
        }

        Path footagePath = shared.resolve("fixtures/footage/waterfall-720x1280.mp4");
        Clip footage = Video.read(footagePath, Limits.DEFAULT);
        int half = footage.frameCount() / 2;
        for (int part = 0; part < 2; part++) {
            Clip window = footage.frames(part * half, (part + 1) * half);
            int w = window.width(), h = window.height();
            samples.add(new Sample("footage " + part + " full", false, Forensics.measure(window)));
            samples.add(new Sample("footage " + part + " top", false, Forensics.measure(window.crop(0, 0, w, h / 2))));
            samples.add(new Sample("footage " + part + " bottom", false, Forensics.measure(window.crop(0, h / 2, w, h / 2))));
            samples.add(new Sample("footage " + part + " centre", false,
                    Forensics.measure(window.crop((w - 512) / 2, (h - 512) / 2, 512, 512))));
            samples.add(new Sample("footage " + part + " half size", false,
                    Forensics.measure(throughH264(Pictures.resize(window, w / 2, h / 2), 23, temp))));
            samples.add(new Sample("footage " + part + " crf28", false, Forensics.measure(throughH264(window, 28, temp))));
        }

        System.out.println("| clip | class | slope | log10 HF | temporal r | log10 noise floor |");
        System.out.println("|---|---|---|---|---|---|");
        for (Sample s : samples) {
            ForensicFeatures f = s.features();
            System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.3f | %.2f |%n", s.name(),
                    s.generated() ? "generated" : "camera", f.spectralSlope(), f.highFrequencyRatio(),
                    f.temporalNoiseCorrelation(), f.noiseFloor());
        }

        double[][] x = samples.stream().map(s -> vector(s.features())).toArray(double[][]::new);
        boolean[] y = new boolean[samples.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = samples.get(i).generated();
        }
        double[] mean = new double[4], scale = new double[4];
        standardisation(x, mean, scale);
        double[] model = fit(x, y, mean, scale, -1);
        int[] inSample = rates(x, y, mean, scale, model, -1);
        int[] leaveOneOut = new int[4];
        for (int i = 0; i < x.length; i++) {
            double[] without = fit(x, y, mean, scale, i);
            int[] one = rates(x, y, mean, scale, without, i);
            for (int k = 0; k < 4; k++) {
                leaveOneOut[k] += one[k];
            }
        }
        System.out.printf(Locale.ROOT, "%nin sample:     flagged %d of %d generated-style, %d of %d camera%n",
                inSample[0], inSample[1], inSample[2], inSample[3]);
        System.out.printf(Locale.ROOT, "leave one out: flagged %d of %d generated-style, %d of %d camera%n",
                leaveOneOut[0], leaveOneOut[1], leaveOneOut[2], leaveOneOut[3]);
        System.out.printf(Locale.ROOT, "%n    static final double[] MEAN = {%s};%n    static final double[] SCALE = {%s};%n"
                        + "    static final double[] WEIGHTS = {%s};%n    static final double BIAS = %.3f;%n",
                join(mean), join(scale), join(java.util.Arrays.copyOf(model, 4)), model[4]);
    }

    private static double[] vector(ForensicFeatures f) {
        return new double[] {f.spectralSlope(), f.highFrequencyRatio(), f.temporalNoiseCorrelation(), f.noiseFloor()};
    }

    private static String join(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(out.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v));
        }
        return out.toString();
    }

    private static void standardisation(double[][] x, double[] mean, double[] scale) {
        for (int k = 0; k < mean.length; k++) {
            double sum = 0, squares = 0;
            for (double[] row : x) {
                sum += row[k];
                squares += row[k] * row[k];
            }
            mean[k] = Math.round(sum / x.length * 1000) / 1000.0;
            scale[k] = Math.round(Math.sqrt(Math.max(1e-6, squares / x.length - (sum / x.length) * (sum / x.length))) * 1000) / 1000.0;
        }
    }

    /**
     * Logistic regression by gradient descent with an L2 penalty (the sample is small: weights stay modest), classes
     * weighted equally; {@code leaveOut} >= 0 drops that sample. Returns four weights and the bias, rounded as pasted.
     */
    private static double[] fit(double[][] x, boolean[] y, double[] mean, double[] scale, int leaveOut) {
        double[] w = new double[5];
        int positives = 0, negatives = 0;
        for (int i = 0; i < x.length; i++) {
            if (i != leaveOut) {
                if (y[i]) {
                    positives++;
                } else {
                    negatives++;
                }
            }
        }
        double lambda = 0.05, rate = 0.1;
        for (int step = 0; step < 4000; step++) {
            double[] gradient = new double[5];
            for (int i = 0; i < x.length; i++) {
                if (i == leaveOut) {
                    continue;
                }
                double p = probability(x[i], mean, scale, w);
                double weight = y[i] ? 0.5 / positives : 0.5 / negatives;
                double error = (p - (y[i] ? 1 : 0)) * weight;
                for (int k = 0; k < 4; k++) {
                    gradient[k] += error * (x[i][k] - mean[k]) / scale[k];
                }
                gradient[4] += error;
            }
            for (int k = 0; k < 4; k++) {
                w[k] -= rate * (gradient[k] + lambda * w[k]);
            }
            w[4] -= rate * gradient[4];
        }
        for (int k = 0; k < 5; k++) {
            w[k] = Math.round(w[k] * 1000) / 1000.0;
        }
        return w;
    }

    private static double probability(double[] x, double[] mean, double[] scale, double[] w) {
        double z = w[4];
        for (int k = 0; k < 4; k++) {
            z += w[k] * (x[k] - mean[k]) / scale[k];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** Generated flagged, generated total, camera flagged, camera total; only sample {@code only} when >= 0. */
    private static int[] rates(double[][] x, boolean[] y, double[] mean, double[] scale, double[] w, int only) {
        int[] out = new int[4];
        for (int i = 0; i < x.length; i++) {
            if (only >= 0 && i != only) {
                continue;
            }
            boolean flagged = probability(x[i], mean, scale, w) >= 0.5;
            if (y[i]) {
                out[0] += flagged ? 1 : 0;
                out[1]++;
            } else {
                out[2] += flagged ? 1 : 0;
                out[3]++;
            }
        }
        return out;
    }

    static Clip render(String prompt, int width, int height) {
        ShotRenderer renderer = new ShotRenderer(new PromptParser().parse(prompt), RenderSettings.of(width, height, 1.5, 12));
        List<byte[]> frames = new ArrayList<>();
        for (int t = 0; t < renderer.settings().frameCount(); t++) {
            frames.add(renderer.render(t).frame().rgb());
        }
        return Clip.of(frames, width, height, 12);
    }

    private static Clip toy(int seed) {
        String prompt = PROMPTS[seed % PROMPTS.length];
        try (VideoModel model = VideoModel.create(ModelConfig.preset("toy"), Tokenizer.fromTexts(List.of(prompt)), seed,
                Device.cpu())) {
            Generation request = new Generation(prompt, "", 5, seed, 4, 3.0, "euler", Optional.empty(), Optional.empty(),
                    List.of());
            Clip clip = new GenerationPipeline(model).generate(request, (done, total) -> { }).clip();
            return Pictures.resize(clip, 128, 128);
        }
    }

    private static Clip throughH264(Clip clip, int crf, Path temp) throws Exception {
        Path file = Files.createTempFile(temp, "clip", ".mp4");
        Video.write(clip, file, EncodeOptions.h264(AudioTrack.none()).withCrf(crf).withPreset("veryfast"));
        Clip back = Video.read(file, Limits.DEFAULT);
        Files.delete(file);
        return back;
    }
}
