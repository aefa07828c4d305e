package io.auteur.studio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.engine.GenerationException;
import io.auteur.engine.Judge;
import io.auteur.engine.ModelConfig;
import io.auteur.engine.VideoModel;
import io.auteur.studio.director.CharacterConsistency;
import io.auteur.studio.director.FilmPlan;
import io.auteur.studio.director.FilmReport;
import io.auteur.studio.director.Production;
import io.auteur.studio.eval.EvalException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code auteur eval film}: how well the director keeps a script's promises, measured over several seeds. One film
 * is one draw of the sampler, and the example's character readings moved by two shots in six between seeds
 * (docs/director.md), so a single film says little; this films the script with each seed as {@code auteur film
 * --report} would, then pools the measures.
 */
@Command(name = "film", mixinStandardHelpOptions = true,
        description = {"Film a screenplay with several seeds and measure every film as delivered: PSNR at continuous "
            + "cuts, temporal flicker, and character consistency read by the judge (trusted attributes only), each "
            + "against its target, per seed and pooled.",
            "Writes DIR/seed-N/film.mp4 with its shots and report.json for each seed, and DIR/film-eval.json.",
            "Example: auteur eval film examples/three-rooms.fountain -o eval-film --seeds 4 --steps 8"})
final class EvalFilmCommand implements Callable<Integer> {
    static final int MAX_SEEDS = 100;

    @Parameters(index = "0", paramLabel = "SCRIPT", description = "A .fountain screenplay or a .yaml shot list.")
    Path script;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Report folder.")
    Path out;

    @Option(names = "--seeds", defaultValue = "4", description = "How many films, one per seed (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "0", description = "The first film's seed; the others follow "
            + "(default: ${DEFAULT-VALUE}).")
    long firstSeed;

    @Mixin
    FilmingOptions filming;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || seeds > MAX_SEEDS) {
            throw new EvalException("--seeds must lie in [1, " + MAX_SEEDS + "], was " + seeds);
        }
        Path modelDir = filming.modelDir(), judgeDir = filming.judgeDir();
        for (Path dir : new Path[] {modelDir, judgeDir}) {
            if (!Files.isDirectory(dir)) {
                throw new EvalException(dir + ": no such model folder");
            }
        }
        PrintWriter printer = spec.commandLine().getOut();
        List<FilmReport> reports = new ArrayList<>();
        try (VideoModel loaded = VideoModel.load(modelDir, VideoModel.defaultDevice());
             Judge loadedJudge = Judge.load(judgeDir, VideoModel.defaultDevice())) {
            ModelConfig config = loaded.config();
            FilmPlan plan = FilmCommand.plan(script, config);
            printer.printf("planned %d shots in %d scenes from %s; filming %d seeds from %d%n", plan.shots().size(),
                    plan.scenes().size(), script.getFileName(), seeds, firstSeed);
            for (int i = 0; i < seeds; i++) {
                long seed = firstSeed + i;
                Path folder = out.resolve("seed-" + seed);
                Files.createDirectories(folder);
                FilmCommand.Making making = new FilmCommand.Making(script, filming.settings(seed, true),
                        Optional.empty(), true);
                Production.Delivered delivered = FilmCommand.make(loaded, plan, making, new Production.Outputs(
                        folder.resolve("film.mp4"), Optional.empty(), Optional.empty(),
                        Optional.of(folder.resolve("report.json"))), Optional.of(loadedJudge));
                FilmReport report = delivered.report().orElseThrow(() ->
                        new GenerationException("the film of seed " + seed + " was delivered without its report"));
                reports.add(report);
                printer.println(line("seed " + seed, report));
            }
        }
        Pooled pooled = Pooled.of(reports);
        Files.writeString(out.resolve("film-eval.json"), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(pooled.toJson(firstSeed, reports)));
        printer.printf(Locale.ROOT, "pooled over %d films: lowest continuous cut %s (target %.0f dB), flicker %.4f "
                        + "(target %.2f), character consistency %s (target %.0f%%)%n", reports.size(),
                Double.isNaN(pooled.lowestCut()) ? "n/a" : String.format(Locale.ROOT, "%.1f dB", pooled.lowestCut()),
                FilmReport.CONTINUOUS_CUT_TARGET_DB, pooled.meanFlicker(), FilmReport.FLICKER_TARGET,
                pooled.scored() == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * pooled.consistency()),
                100 * FilmReport.CHARACTER_TARGET);
        printer.printf("wrote %s%n", out.resolve("film-eval.json"));
        return 0;
    }

    private static String line(String name, FilmReport report) {
        return String.format(Locale.ROOT, "%s: lowest continuous cut %s, flicker %.4f, character consistency %s",
                name, report.minContinuousCutPsnrDb().isPresent()
                        ? String.format(Locale.ROOT, "%.1f dB", report.minContinuousCutPsnrDb().getAsDouble()) : "n/a",
                report.temporalFlicker(), report.characters().filter(c -> !c.scored().isEmpty())
                        .map(c -> String.format(Locale.ROOT, "%.0f%% (%d of %d trusted readings)", 100 * c.value(),
                                c.scored().stream().filter(CharacterConsistency.Reading::agrees).count(), c.scored().size()))
                        .orElse("n/a"));
    }

    /**
     * The measures pooled over the films: the lowest continuous cut of all (NaN without one), the mean and lowest
     * flicker, and character consistency as the share of all films' trusted readings that agree (each reading weighs
     * the same).
     */
    record Pooled(double lowestCut, double meanFlicker, double lowestFlicker, long agreeing, long scored) {
        static Pooled of(List<FilmReport> reports) {
            long agreeing = 0, scored = 0;
            for (FilmReport report : reports) {
                for (CharacterConsistency.Reading reading : report.characters().map(CharacterConsistency::scored)
                        .orElse(List.of())) {
                    scored++;
                    agreeing += reading.agrees() ? 1 : 0;
                }
            }
            return new Pooled(reports.stream().filter(r -> r.minContinuousCutPsnrDb().isPresent())
                    .mapToDouble(r -> r.minContinuousCutPsnrDb().getAsDouble()).min().orElse(Double.NaN),
                    reports.stream().mapToDouble(FilmReport::temporalFlicker).average().orElse(Double.NaN),
                    reports.stream().mapToDouble(FilmReport::temporalFlicker).min().orElse(Double.NaN),
                    agreeing, scored);
        }

        double consistency() {
            return scored == 0 ? Double.NaN : (double) agreeing / scored;
        }

        /** film-eval.json: the pooled measures against their targets, then each film's report with its seed. */
        ObjectNode toJson(long firstSeed, List<FilmReport> reports) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("films", reports.size());
            ObjectNode cut = root.putObject("continuousCutPsnrDb").put("target", FilmReport.CONTINUOUS_CUT_TARGET_DB);
            if (Double.isNaN(lowestCut)) {
                cut.putNull("min");
            } else {
                cut.put("min", lowestCut);
            }
            cut.put("met", lowestCut >= FilmReport.CONTINUOUS_CUT_TARGET_DB);
            root.putObject("temporalFlicker").put("target", FilmReport.FLICKER_TARGET).put("mean", meanFlicker)
                    .put("min", lowestFlicker).put("met", lowestFlicker >= FilmReport.FLICKER_TARGET);
            ObjectNode characters = root.putObject("characterConsistency").put("target", FilmReport.CHARACTER_TARGET)
                    .put("trustedReadings", scored).put("agreeing", agreeing);
            if (scored == 0) {
                characters.putNull("value");
            } else {
                characters.put("value", consistency());
            }
            characters.put("met", consistency() >= FilmReport.CHARACTER_TARGET);
            ArrayNode perFilm = root.putArray("perFilm");
            for (int i = 0; i < reports.size(); i++) {
                perFilm.addObject().put("seed", firstSeed + i).set("report", reports.get(i).toJson());
            }
            return root;
        }
    }
}
