package io.auteur.studio.cli;

import io.auteur.engine.Judge;
import io.auteur.engine.JudgeReading;
import io.auteur.engine.ModelConfig;
import io.auteur.engine.VideoModel;
import io.auteur.previs.RenderSettings;
import io.auteur.studio.eval.EvalException;
import io.auteur.studio.eval.EvalPlan;
import io.auteur.studio.eval.EvalReport;
import io.auteur.studio.eval.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code auteur eval}: how well a model does, measured on held-out prompts in every mode. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on held-out prompts (seeds no training uses) in every mode: prompt adherence "
            + "by the judge, temporal flicker, warping error, image-to-video and in-painting fidelity, edge control "
            + "adherence, generation time, and how ballistic falling and bouncing objects move beside previs.",
            "Writes eval.json, eval.html and contact-sheet.png into --out.",
            "'auteur eval film SCRIPT' measures the director instead: a screenplay filmed with several seeds."},
        subcommands = EvalFilmCommand.class)
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled worlds-tiny).")
    Path model;

    @Option(names = "--judge", paramLabel = "DIR", description = "Judge folder (default: the bundled judge).")
    Path judge;

    @Option(names = "--prompts", paramLabel = "FILE", description = "One prompt per line, each naming one object "
            + "(default: the built-in held-out set).")
    Path prompts;

    @Option(names = "--count", defaultValue = "200", description = "Prompts of the built-in set (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--physics", defaultValue = "24", description = "Falling and bouncing prompts (default: ${DEFAULT-VALUE}).")
    int physics;

    @Option(names = "--steps", defaultValue = "24", description = "Sampling steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--guidance", defaultValue = "3.0", description = "Classifier-free guidance (default: ${DEFAULT-VALUE}).")
    double guidance;

    // Checked in call() rather than by picocli, which would also ask for it before the film subcommand.
    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Report folder (required).")
    Path out;

    @Option(names = "--show", defaultValue = "12", description = "Samples per mode on the contact sheet (default: ${DEFAULT-VALUE}).")
    int show;

    @Option(names = "--update-card", description = "Write the results into the model's MODEL_CARD.md (replacing an "
            + "earlier evaluation section).")
    boolean updateCard;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (out == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--out=DIR'");
        }
        if (count < 1 || count > 10_000 || physics < 0 || physics > 1_000 || show < 0 || show > 1_000) {
            throw new EvalException("--count must lie in [1, 10000], --physics in [0, 1000] and --show in [0, 1000]");
        }
        Path modelDir = model != null ? model : GenerateCommand.bundledModel();
        Path judgeDir = judge != null ? judge : GenerateCommand.bundledModel().resolveSibling("judge");
        for (Path dir : new Path[] {modelDir, judgeDir}) {
            if (!Files.isDirectory(dir)) {
                throw new EvalException(dir + ": no such model folder");
            }
        }
        try (VideoModel loaded = VideoModel.load(modelDir, VideoModel.defaultDevice());
             Judge loadedJudge = Judge.load(judgeDir, VideoModel.defaultDevice())) {
            ModelConfig config = loaded.config();
            RenderSettings settings = new RenderSettings(config.width(), config.height(), config.fps(), config.frames(), 2);
            EvalPlan plan = prompts != null ? EvalPlan.fromFile(prompts, physics, settings)
                    : EvalPlan.drawn(count, physics, settings);
            Map<String, Double> accuracy = new LinkedHashMap<>();
            Set<String> trusted = new TreeSet<>();
            for (JudgeReading.Attribute attribute : JudgeReading.Attribute.values()) {
                accuracy.put(attribute.key(), loadedJudge.accuracy().getOrDefault(attribute, Double.NaN));
                if (loadedJudge.trusted(attribute)) {
                    trusted.add(attribute.key());
                }
            }
            Evaluation evaluation = new Evaluation(loaded, clip -> labels(loadedJudge.read(clip)), accuracy, trusted,
                    new Evaluation.Options(steps, guidance, "euler"), show);
            EvalReport report;
            try (ProgressBar bar = Progress.bar("Evaluating", plan.generations(), "clips")) {
                report = evaluation.run(plan, (done, total, what) -> bar.stepTo(done), out);
            }
            spec.commandLine().getOut().print(report.summary());
            if (updateCard) {
                Path card = modelDir.resolve("MODEL_CARD.md");
                String text = Files.isRegularFile(card) ? Files.readString(card) : "";
                int earlier = text.indexOf(EvalReport.CARD_HEADING);
                String kept = (earlier >= 0 ? text.substring(0, earlier) : text).stripTrailing();
                Files.writeString(card, (kept.isEmpty() ? "" : kept + "\n\n") + report.cardSection());
                spec.commandLine().getOut().printf("updated %s%n", card);
            }
            spec.commandLine().getOut().printf("wrote %s%n", out.resolve("eval.html"));
            return 0;
        }
    }

    private static Map<String, String> labels(JudgeReading reading) {
        Map<String, String> labels = new LinkedHashMap<>();
        reading.guesses().forEach((attribute, guess) -> labels.put(attribute.key(), guess.label()));
        return labels;
    }
}
