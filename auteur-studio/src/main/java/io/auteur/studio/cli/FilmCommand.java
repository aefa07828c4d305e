package io.auteur.studio.cli;

import io.auteur.engine.GenerationException;
import io.auteur.engine.GenerationPipeline;
import io.auteur.engine.Judge;
import io.auteur.engine.ModelConfig;
import io.auteur.engine.VideoModel;
import io.auteur.media.Clip;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.watermark.Payload;
import io.auteur.studio.director.Blockout;
import io.auteur.studio.director.Director;
import io.auteur.studio.director.FilmPlan;
import io.auteur.studio.director.FilmReport;
import io.auteur.studio.director.Production;
import io.auteur.studio.director.Sealer;
import io.auteur.studio.director.ShotPlan;
import io.auteur.studio.director.ShotPlanner;
import io.auteur.studio.director.Scripts;
import io.auteur.studio.director.ScriptLimits;
import io.auteur.studio.director.Storyboard;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code auteur film}: a screenplay or shot list in, a film (and its storyboard, cut and report) out. */
@Command(name = "film", mixinStandardHelpOptions = true,
        description = {"Film a Fountain screenplay (or a YAML shot list): every action paragraph and every speech "
                + "becomes a shot; characters and locations are defined once on the title page (Cast:, Locations:) "
                + "in the previs language; [[3s continuous]] notes set a shot's length and continuity.",
            "Writes the film with a chapter per scene, each shot beside it in FILM.shots/, all watermarked and signed "
                + "(the film's credentials list every shot as a componentOf ingredient).",
            "With only --storyboard, draws each shot's first frame from its blockout, fast and without a model.",
            "Example: auteur film examples/three-rooms.fountain -o film.mp4 --storyboard board.html --otio cut.otio"})
final class FilmCommand implements Callable<Integer> {
    /** The storyboard's frame width when it is drawn from blockouts alone. */
    static final int STORYBOARD_FRAME = 256;

    @Parameters(index = "0", paramLabel = "SCRIPT", description = "A .fountain screenplay or a .yaml shot list.")
    Path script;

    @Option(names = {"-o", "--output"}, paramLabel = "FILM.mp4", description = "The film to write.")
    Path output;

    @Option(names = "--storyboard", paramLabel = "BOARD.png|BOARD.html", description = "A contact sheet of every "
            + "shot's key frame with its script line.")
    Path storyboard;

    @Option(names = "--otio", paramLabel = "CUT.otio", description = "The cut as an OpenTimelineIO timeline (needs -o).")
    Path otio;

    @Option(names = "--report", paramLabel = "REPORT.json", description = "Measure the film (continuity at "
            + "continuous cuts, temporal flicker, characters as cast by the judge) and write the numbers (needs -o).")
    Path report;

    @Mixin
    FilmingOptions filming;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed; shot n uses seed + n (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-keyframes", description = "Generate cut shots from text and control alone, instead of "
            + "starting them from their blockout's first frame.")
    boolean noKeyframes;

    @Option(names = "--upscale", paramLabel = "WxH", description = "Resize the film for viewing, e.g. 256x256.")
    String upscale;

    @Option(names = "--no-credentials", description = "Write without the watermark and Content Credentials.")
    boolean noCredentials;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (output == null && storyboard == null) {
            throw new ParameterException(spec.commandLine(), "Missing -o FILM.mp4 or --storyboard BOARD.png|.html "
                    + "(see auteur film --help)");
        }
        if (output == null && (otio != null || report != null)) {
            throw new ParameterException(spec.commandLine(), "--otio and --report describe a film: add -o FILM.mp4");
        }
        if (output != null && !output.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(mp4|mov|mkv)")) {
            throw new GenerationException("write the film as .mp4 (or .mov, .mkv), not " + output);
        }
        if (storyboard != null && !storyboard.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|html?)")) {
            throw new GenerationException("write the storyboard as .png or .html, not " + storyboard);
        }
        filming.controlKind(); // an unknown kind is an error even when only the storyboard is drawn
        int[] viewSize = upscale == null ? null : PrevisCommand.parseSize(upscale);
        PrintWriter out = spec.commandLine().getOut();
        if (output == null) {
            // The storyboard alone: blockout key frames, no model, at the bundled model's frame rate and window.
            ModelConfig config = filming.model != null ? ModelConfig.read(filming.model.resolve("config.json"))
                    : ModelConfig.preset("tiny");
            FilmPlan plan = plan(script, config);
            drawStoryboard(plan, out);
            return 0;
        }
        Path modelDir = filming.modelDir();
        if (filming.model == null && !Files.isDirectory(modelDir)) {
            throw new GenerationException("the bundled model is not at " + modelDir + "; pass --model DIR, or use "
                    + "--storyboard alone for a storyboard without a model");
        }
        Path judgeDir = filming.judgeDir();
        if (report != null && !Files.isDirectory(judgeDir)) {
            throw new GenerationException(judgeDir + ": no judge here to read the characters for --report; pass "
                    + "--judge DIR");
        }
        try (VideoModel loaded = VideoModel.load(modelDir, VideoModel.defaultDevice());
             Judge characterJudge = report == null ? null : Judge.load(judgeDir, VideoModel.defaultDevice())) {
            ModelConfig config = loaded.config();
            FilmPlan plan = plan(script, config);
            out.printf("planned %d shots in %d scenes, %.1f s at %s fps, from %s%n", plan.shots().size(),
                    plan.scenes().size(), plan.seconds(), format(plan.fps()), script.getFileName());
            long start = System.nanoTime();
            Production.Delivered delivered = make(loaded, plan, new Making(script, filming.settings(seed, !noKeyframes),
                            Optional.ofNullable(viewSize), !noCredentials),
                    new Production.Outputs(output, Optional.ofNullable(storyboard), Optional.ofNullable(otio),
                            Optional.ofNullable(report)), Optional.ofNullable(characterJudge));
            out.printf("wrote %s (%dx%d, %d shots, %d chapters, %.1f s, model %s, seed %d, %d steps, %.1f s to make)%n",
                    output, delivered.width(), delivered.height(), plan.shots().size(), delivered.chapters().size(),
                    plan.seconds(), config.name() + "@" + config.version(), seed, filming.steps,
                    (System.nanoTime() - start) / 1e9);
            out.println("wrote shots in " + Production.shotFolder(output));
            if (storyboard != null) {
                out.println("wrote " + storyboard);
            }
            if (otio != null) {
                out.println("wrote " + otio);
            }
            if (report != null) {
                out.println("wrote " + report);
            }
            delivered.report().ifPresent(measured -> printReport(measured, out));
            return 0;
        }
    }

    static FilmPlan plan(Path script, ModelConfig config) {
        return ShotPlanner.plan(Scripts.read(script, ScriptLimits.DEFAULT), ScriptLimits.DEFAULT, config.fps(),
                config.frames() / config.fps());
    }

    /** How a film is made: the script it comes from, the director's settings, the view size, credentials or not. */
    record Making(Path script, Director.Settings settings, Optional<int[]> viewSize, boolean credentials) {}

    /** Shoots {@code plan} on {@code model} with a progress bar and delivers it (see {@link Production#deliver}). */
    static Production.Delivered make(VideoModel model, FilmPlan plan, Making making, Production.Outputs outputs,
                                     Optional<Judge> judge) {
        Director director = new Director(new GenerationPipeline(model), making.settings());
        List<Director.Take> takes;
        try (ProgressBar bar = Progress.bar("Filming", 1, "steps")) {
            takes = director.shoot(plan, new Director.Listener() {
                @Override
                public void shotStarted(ShotPlan shot) {
                    bar.setExtraMessage(" shot " + shot.number() + "/" + plan.shots().size());
                }

                @Override
                public void stepsDone(long done, long total) {
                    bar.maxHint(total);
                    bar.stepTo(done);
                }
            });
        }
        ModelConfig config = model.config();
        Director.Settings settings = making.settings();
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("script", making.script().getFileName().toString());
        about.put("model", config.name() + "@" + config.version());
        about.put("seed", settings.seed());
        about.put("steps", settings.steps());
        about.put("keyframes", settings.keyframes());
        about.put("control", settings.control().map(k -> k.name().toLowerCase(Locale.ROOT)).orElse("none"));
        return Production.deliver(plan, takes, new Production.Model(config.name(), config.version()),
                making.viewSize(), outputs, making.credentials() ? new StudioSealer() : Sealer.NONE, about, judge);
    }

    private void drawStoryboard(FilmPlan plan, PrintWriter out) {
        List<Clip> keyFrames = new ArrayList<>();
        for (ShotPlan shot : plan.shots()) {
            keyFrames.add(Blockout.keyFrame(shot, STORYBOARD_FRAME, STORYBOARD_FRAME, plan.fps()));
        }
        Storyboard.write(plan, keyFrames, storyboard);
        out.printf("wrote %s (%d shots in %d scenes, key frames from the blockouts)%n", storyboard,
                plan.shots().size(), plan.scenes().size());
    }

    private static void printReport(FilmReport report, PrintWriter out) {
        out.printf("continuity: lowest PSNR at a continuous cut %s (target %.0f dB): %s%n",
                report.minContinuousCutPsnrDb().isPresent()
                        ? String.format(Locale.ROOT, "%.1f dB", report.minContinuousCutPsnrDb().getAsDouble())
                        : "n/a (no continuous cut)",
                FilmReport.CONTINUOUS_CUT_TARGET_DB, report.continuityMet() ? "met" : "NOT met");
        out.printf("temporal flicker within shots: %.4f (target %.2f): %s (%.4f with the hard cuts)%n",
                report.temporalFlicker(), FilmReport.FLICKER_TARGET, report.flickerMet() ? "met" : "NOT met",
                report.temporalFlickerAcrossCuts());
        report.characters().ifPresent(characters -> out.printf(Locale.ROOT,
                "character consistency: %s of the trusted readings (%s) as cast (target %.0f%%): %s (%d shots read, "
                        + "%d outside the judge's scope; %s of all skin, clothing and size readings)%n",
                characters.scored().isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * characters.value()),
                characters.trusted().isEmpty() ? "the judge is trusted for none of skin, clothing and size"
                        : String.join(", ", characters.trusted()),
                100 * FilmReport.CHARACTER_TARGET, report.charactersMet() ? "met" : "NOT met", characters.shotsRead(),
                characters.shotsOutsideScope(), characters.readings().isEmpty() ? "n/a"
                        : String.format(Locale.ROOT, "%.0f%%", 100 * characters.valueOfAllReadings())));
    }

    private static String format(double fps) {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : Double.toString(fps);
    }

    /** The CLI's own watermark key and signing credential, through {@link Sealing}. */
    private static final class StudioSealer implements Sealer {
        @Override
        public Marked watermark(Clip clip) {
            Sealing.Marked marked = Sealing.watermark(clip);
            return new Marked(marked.clip(), Optional.of(marked.payload()));
        }

        @Override
        public void sign(Path file, ManifestDefinition definition, Optional<Payload> payload) {
            Sealing.sign(file, definition, payload.orElse(null));
        }
    }
}
