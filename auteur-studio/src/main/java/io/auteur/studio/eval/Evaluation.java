package io.auteur.studio.eval;

import io.auteur.engine.Generation;
import io.auteur.engine.GenerationPipeline;
import io.auteur.engine.Masks;
import io.auteur.engine.VideoModel;
import io.auteur.media.Clip;
import io.auteur.previs.ShotRenderer;
import io.auteur.vision.ControlAdherence;
import io.auteur.vision.Psnr;
import io.auteur.vision.QualityMetrics;
import io.auteur.vision.QualityReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs a model over the held-out prompts in every mode and measures each output against the previs render of the
 * same scene: the judge's reading of the prompt's attributes, temporal quality, first-frame and outside-the-mask
 * fidelity, control adherence, generation time, and how ballistic falling and bouncing objects move.
 *
 * <p>Every prompt is generated from text; every third one also in one of the conditioned modes (image,
 * in-painting, edge control), so the conditioned modes see a third of the set each.
 */
public final class Evaluation {
    /** The modes, in report order. */
    public static final List<String> MODES = List.of("text", "image", "inpaint", "control", "physics");
    private static final List<String> CONDITIONED = List.of("image", "inpaint", "control");

    /** How outputs are sampled. */
    public record Options(int steps, double guidance, String sampler) {}

    /** Receives progress: generations done out of the total, and what was just done. */
    @FunctionalInterface
    public interface Listener {
        void progress(int done, int total, String what);
    }

    /**
     * One generation and what was measured on it.
     *
     * @param truth    the prompt's attributes
     * @param judged   the judge's reading of the output (empty when the mode does not judge)
     * @param metrics  mode-specific numbers (NaN where a measure could not be taken)
     */
    public record Sample(String mode, long seed, String prompt, Map<String, String> truth, Map<String, String> judged,
                         Map<String, Double> metrics, long millis) {}

    /** A sample with its pictures, for the contact sheet. */
    record Shown(Sample sample, Clip generated, Clip reference) {}

    private final GenerationPipeline pipeline;
    private final Function<Clip, Map<String, String>> judge;
    private final Map<String, Double> judgeAccuracy;
    private final Set<String> trusted;
    private final Options options;
    private final List<Shown> shown = new ArrayList<>();
    private final int showLimit;

    /**
     * @param judge         reads a clip's attributes (label per attribute)
     * @param judgeAccuracy the judge's measured accuracy per attribute on fresh renders, shown beside its scores
     * @param trusted       the attributes accurate enough to score prompt adherence with
     * @param showLimit     how many samples per mode keep their pictures for the contact sheet
     */
    public Evaluation(VideoModel model, Function<Clip, Map<String, String>> judge, Map<String, Double> judgeAccuracy,
                      Set<String> trusted, Options options, int showLimit) {
        this.pipeline = new GenerationPipeline(model);
        this.judge = judge;
        this.judgeAccuracy = Map.copyOf(judgeAccuracy);
        this.trusted = Set.copyOf(trusted);
        this.options = options;
        this.showLimit = showLimit;
    }

    /** Generates and measures everything in the plan, and writes the report (JSON, HTML, contact sheet) to {@code out}. */
    public EvalReport run(EvalPlan plan, Listener listener, Path out) throws IOException {
        List<EvalCase> cases = plan.cases(), physics = plan.physics();
        int total = plan.generations();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            EvalCase c = cases.get(i);
            samples.add(text(c));
            listener.progress(samples.size(), total, "text: " + c.prompt());
            if (i % 3 == 0) {
                String mode = CONDITIONED.get((i / 3) % CONDITIONED.size());
                samples.add(switch (mode) {
                    case "image" -> image(c);
                    case "inpaint" -> inpaint(c);
                    default -> control(c);
                });
                listener.progress(samples.size(), total, mode + ": " + c.prompt());
            }
        }
        for (EvalCase c : physics) {
            samples.add(physics(c));
            listener.progress(samples.size(), total, "physics: " + c.prompt());
        }
        EvalReport report = EvalReport.of(pipeline.model().config().name() + "@" + pipeline.model().config().version(),
                options, cases.size(), physics.size(), judgeAccuracy, trusted, samples);
        report.write(out, shown);
        return report;
    }

    private GenerationPipeline.Result generate(EvalCase c, Optional<Generation.KnownPixels> known,
                                               Optional<Generation.Control> control) {
        Generation request = new Generation(c.prompt(), "", c.reference().frames(), c.seed(), options.steps(),
                options.guidance(), options.sampler(), known, control, List.of());
        return pipeline.generate(request, GenerationPipeline.Progress.NONE);
    }

    private Sample text(EvalCase c) {
        GenerationPipeline.Result result = generate(c, Optional.empty(), Optional.empty());
        Map<String, Double> metrics = quality(result.clip());
        // The render of the same prompt, beside it: the flicker score also falls with real motion, so this is the
        // score of a clip that moves exactly as the prompt says and does not flicker at all.
        metrics.put("previsTemporalFlicker", QualityMetrics.temporalFlicker(c.referenceClip()));
        return keep("text", c, result.clip(), judge.apply(result.clip()), metrics, result.millis());
    }

    /** Image-to-video: the render's first frame is given; how closely does the model's own frame 0 keep it? */
    private Sample image(EvalCase c) {
        Clip reference = c.referenceClip();
        int w = reference.width(), h = reference.height(), frames = reference.frameCount();
        List<byte[]> known = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            known.add(t == 0 ? reference.frameRgb(0) : new byte[w * h * 3]);
        }
        GenerationPipeline.Result result = generate(c, Optional.of(new Generation.KnownPixels(
                Clip.of(known, w, h, reference.fps()), Masks.frames(frames, w, h, 0))), Optional.empty());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("firstFramePsnrDb", Psnr.of(result.raw().frameRgb(0), reference.frameRgb(0)));
        metrics.putAll(quality(result.clip()));
        return keep("image", c, result.clip(), judge.apply(result.clip()), metrics, result.millis());
    }

    /**
     * In-painting: the box the subject moves through is regenerated, the rest is given. Fidelity outside the box
     * is measured on the model's own output (the delivered clip puts given pixels back exactly); inside, the
     * judge's reading of the result is compared with its reading of the render.
     */
    private Sample inpaint(EvalCase c) {
        Clip reference = c.referenceClip();
        int w = reference.width(), h = reference.height(), frames = reference.frameCount();
        int[] box = subjectBox(c, w, h);
        byte[] mask = Masks.allBut(frames, w, h, box[0], box[1], box[2], box[3]);
        GenerationPipeline.Result result = generate(c, Optional.of(new Generation.KnownPixels(reference, mask)),
                Optional.empty());
        double squared = 0;
        long count = 0;
        int plane = w * h;
        for (int t = 0; t < frames; t++) {
            byte[] a = result.raw().frameRgb(t), b = reference.frameRgb(t);
            for (int i = 0; i < plane; i++) {
                if (mask[t * plane + i] != 0) {
                    for (int k = 0; k < 3; k++) {
                        double d = (a[i * 3 + k] & 0xff) - (b[i * 3 + k] & 0xff);
                        squared += d * d;
                    }
                    count += 3;
                }
            }
        }
        Map<String, String> judged = judge.apply(result.clip());
        Map<String, String> judgedReference = judge.apply(reference);
        long agreeing = trusted.stream().filter(a -> judged.get(a) != null && judged.get(a).equals(judgedReference.get(a))).count();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("outsideMaskPsnrDb", Psnr.fromMeanSquaredError(squared / Math.max(1, count)));
        metrics.put("maskedFraction", 1 - (double) count / 3 / ((long) frames * plane));
        metrics.put("judgeAgreementInside", trusted.isEmpty() ? Double.NaN : (double) agreeing / trusted.size());
        metrics.putAll(quality(result.clip()));
        return keep("inpaint", c, result.clip(), judged, metrics, result.millis());
    }

    /** Edge control: the render's edges steer the generation; the output's Canny edges are scored against them. */
    private Sample control(EvalCase c) {
        Clip edges = c.control("edges");
        GenerationPipeline.Result result = generate(c, Optional.empty(),
                Optional.of(new Generation.Control("edges", edges, 1.0)));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("edgeF1", ControlAdherence.edgeAdherence(result.clip(), edges).f1());
        metrics.put("previsEdgeF1", ControlAdherence.edgeAdherence(c.referenceClip(), edges).f1());
        metrics.putAll(quality(result.clip()));
        return keep("control", c, result.clip(), judge.apply(result.clip()), metrics, result.millis());
    }

    /** A falling or bouncing object from text: how ballistic is its height over time, beside the render's? */
    private Sample physics(EvalCase c) {
        GenerationPipeline.Result result = generate(c, Optional.empty(), Optional.empty());
        Ballistics.Fit generated = Ballistics.fit(Ballistics.rows(result.clip(), c.subject().colour()));
        Ballistics.Fit previs = Ballistics.fit(Ballistics.rows(c.referenceClip(), c.subject().colour()));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("fitResidualPx", generated.rmsPixels());
        metrics.put("trackedFrames", (double) generated.tracked());
        metrics.put("bounces", (double) generated.bounces());
        metrics.put("previsFitResidualPx", previs.rmsPixels());
        metrics.put("previsTrackedFrames", (double) previs.tracked());
        return keep("physics", c, result.clip(), Map.of(), metrics, result.millis());
    }

    private Sample keep(String mode, EvalCase c, Clip generated, Map<String, String> judged, Map<String, Double> metrics,
                        long millis) {
        Sample sample = new Sample(mode, c.seed(), c.prompt(), c.truth(), judged, metrics, millis);
        if (shown.stream().filter(s -> s.sample().mode().equals(mode)).count() < showLimit) {
            shown.add(new Shown(sample, generated, c.referenceClip()));
        }
        return sample;
    }

    private static Map<String, Double> quality(Clip clip) {
        QualityReport report = QualityMetrics.measure(clip);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("temporalFlicker", report.temporalFlicker());
        metrics.put("warpingError", report.warpingError().meanSquaredError());
        metrics.put("motionSmoothness", report.motionSmoothness());
        metrics.put("subjectConsistency", report.subjectConsistency().mean());
        return metrics;
    }

    /** The bounding box (x0, y0, x1 exclusive, y1 exclusive) of the subject over the whole render, padded. */
    private static int[] subjectBox(EvalCase c, int w, int h) {
        int x0 = w, y0 = h, x1 = 0, y1 = 0;
        byte[] instance = c.reference().instance();
        int plane = w * h;
        for (int i = 0; i < instance.length; i++) {
            if ((instance[i] & 0xff) == ShotRenderer.FIRST_OBJECT_ID) {
                int x = (i % plane) % w, y = (i % plane) / w;
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x + 1);
                y1 = Math.max(y1, y + 1);
            }
        }
        if (x1 <= x0 || (double) (x1 - x0) * (y1 - y0) > 0.6 * plane) {
            // Not in view, or sweeping most of the picture: a centred box of a quarter of the area instead.
            return new int[] {w / 4, h / 4, w * 3 / 4, h * 3 / 4};
        }
        int pad = 2;
        return new int[] {Math.max(0, x0 - pad), Math.max(0, y0 - pad), Math.min(w, x1 + pad), Math.min(h, y1 + pad)};
    }
}
