package io.auteur.studio.cli;

import io.auteur.engine.Judge;
import io.auteur.engine.JudgeReading.Attribute;
import io.auteur.engine.JudgeTrainer;
import io.auteur.engine.VideoModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code auteur judge}: train the evaluation judge on previs ground truth, and measure it on fresh renders. */
@Command(name = "judge", mixinStandardHelpOptions = true,
        description = {"The evaluation judge: a small video classifier that reads a clip's object colour, shape, "
                + "motion and direction, camera move and actor action. It is trained and tested on previs scenes "
                + "with exactly one object; 'auteur eval' uses only the attributes it reads with at least 97%% "
                + "accuracy on fresh renders.",
            "Example: auteur judge train --out models/judge && auteur judge test --model models/judge"},
        subcommands = {JudgeCommand.Train.class, JudgeCommand.Test.class})
final class JudgeCommand extends CommandGroup {
    /** {@code auteur judge train}. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Render previs clips (in-scope scenes from seed " + JudgeTrainer.TRAINING_SEEDS + " on, unless "
                    + "--first-seed says otherwise), "
                    + "train the judge on their ground truth, then measure it on fresh renders (scenes from seed "
                    + JudgeTrainer.TEST_SEEDS + " on). Writes config.json, judge.safetensors, accuracy.json, "
                    + "training.json, loss.csv, loss.png and JUDGE_CARD.md.",
                "Example: auteur judge train --out models/judge --clips 10000 --steps 2200"})
    static final class Train implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Judge folder to write.")
        Path out;

        @Option(names = "--clips", defaultValue = "10000",
                description = "Training clips to render (default: ${DEFAULT-VALUE}; about 200 KB of memory each).")
        int clips;

        @Option(names = "--steps", defaultValue = "2200", description = "Optimiser steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--batch", defaultValue = "32", description = "Clips per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--lr", defaultValue = "2e-3", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
        double learningRate;

        @Option(names = "--seed", defaultValue = "1", description = "Initialisation and batch-order seed.")
        long seed;

        @Option(names = "--first-seed", defaultValue = "" + JudgeTrainer.TRAINING_SEEDS,
                description = "First scene seed of the training clips (default: ${DEFAULT-VALUE}); a fine-tune can start "
                        + "past the seeds its base saw, so that it learns from new scenes.")
        long firstSeed;

        @Option(names = "--test-clips", defaultValue = "2000",
                description = "Fresh clips to measure the judge on after training (default: ${DEFAULT-VALUE}).")
        int testClips;

        @Option(names = "--torch-threads", defaultValue = "1",
                description = "PyTorch threads while training (default: ${DEFAULT-VALUE}: this network's operations are "
                        + "small, and on two shared cores one thread measured five times faster than two; 0 keeps "
                        + "PyTorch's own choice).")
        int torchThreads;

        @Option(names = "--config", defaultValue = "standard",
                description = "standard (64x64, 16 frames at 8 fps) or toy (default: ${DEFAULT-VALUE}).")
        String config;

        @Option(names = "--from", paramLabel = "DIR", description = "Start from this judge's weights and config "
                + "(fine-tuning; --config is then not used).")
        Path from;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            JudgeTrainer.Options options = new JudgeTrainer.Options(out, config, clips, steps, batch, learningRate, seed,
                    firstSeed, JudgeTrainer.TEST_SEEDS, testClips,
                    Runtime.getRuntime().availableProcessors(), torchThreads, VideoModel.defaultDevice(),
                    Optional.ofNullable(from));
            JudgeTrainer.Report report;
            try (PhaseBars bars = new PhaseBars()) {
                report = JudgeTrainer.train(options, bars::progress);
            }
            PrintWriter printer = spec.commandLine().getOut();
            printer.printf(Locale.ROOT, "wrote %s (%.1f MB): %d clips rendered in %.0f s, %d steps in %.0f s%n", out,
                    report.sizeBytes() / 1e6, report.clips(), report.renderSeconds(), report.steps(),
                    report.trainSeconds());
            if (report.evaluation() != null) {
                printScores(printer, report.evaluation());
            }
            return 0;
        }
    }

    /** {@code auteur judge test}. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Measure a judge on freshly rendered previs clips it never saw (in-scope scenes from seed "
                    + JudgeTrainer.TEST_SEEDS + " on, unless --first-seed says otherwise): accuracy per attribute.",
                "Example: auteur judge test --model models/judge --count 1000"})
    static final class Test implements Callable<Integer> {
        @Option(names = "--model", paramLabel = "DIR",
                description = "Judge folder (default: the bundled judge, models/judge).")
        Path model;

        @Option(names = "--count", defaultValue = "1000", description = "Fresh clips to read (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--first-seed", defaultValue = "" + JudgeTrainer.TEST_SEEDS,
                description = "First scene seed searched (default: ${DEFAULT-VALUE}).")
        long firstSeed;

        @Option(names = "--update-card", description = "Record this measurement in the judge folder: accuracy.json, "
                + "which decides what is trusted, and the card's accuracy table. For a judge whose way of reading "
                + "changed after it was trained; the seeds must not overlap its training seeds.")
        boolean updateCard;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path dir = model != null ? model : GenerateCommand.bundledModel().resolveSibling("judge");
            Judge.Evaluation evaluation;
            try (Judge judge = Judge.load(dir); ProgressBar bar = Progress.bar("Testing", count, "clips")) {
                evaluation = judge.evaluate(firstSeed, count, Runtime.getRuntime().availableProcessors(), bar::stepTo);
            }
            printScores(spec.commandLine().getOut(), evaluation);
            if (updateCard) {
                Judge.recordAccuracy(dir, evaluation);
                spec.commandLine().getOut().println("recorded in " + dir.resolve(Judge.ACCURACY) + " and "
                        + dir.resolve(Judge.CARD));
            }
            return 0;
        }
    }

    static void printScores(PrintWriter out, Judge.Evaluation evaluation) {
        out.printf(Locale.ROOT, "accuracy on %d fresh renders (scene seeds %d to %d):%n", evaluation.clips(),
                evaluation.firstSeed(), evaluation.lastSeed());
        out.printf(Locale.ROOT, "  %-10s %13s %9s  %s%n", "attribute", "correct", "accuracy", "trusted");
        evaluation.scores().forEach((Attribute attribute, Judge.Evaluation.Score score) ->
                out.printf(Locale.ROOT, "  %-10s %6d / %-5d %8.2f%%  %s%n", attribute.key(), score.correct(),
                        score.total(), 100 * score.accuracy(), score.trusted() ? "yes" : "no"));
    }

    /** One progress bar per training phase (render, train, test), each closed when the next begins. */
    private static final class PhaseBars implements AutoCloseable {
        private String phase;
        private ProgressBar bar;

        void progress(String newPhase, int done, int total, double loss) {
            if (!newPhase.equals(phase)) {
                close();
                phase = newPhase;
                bar = Progress.bar(switch (newPhase) {
                    case "render" -> "Rendering";
                    case "train" -> "Training";
                    case "test" -> "Testing";
                    default -> newPhase;
                }, total, newPhase.equals("train") ? "steps" : "clips");
            }
            bar.stepTo(done);
            if (!Double.isNaN(loss)) {
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", loss));
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
