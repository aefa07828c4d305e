package io.auteur.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.engine.ModelConfig;
import io.auteur.engine.Tokenizer;
import io.auteur.engine.VideoModel;
import io.auteur.media.Chapter;
import io.auteur.media.Chapters;
import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.Stills;
import io.auteur.media.Video;
import io.auteur.previs.caption.Vocabulary;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.ValidationReport;
import io.auteur.provenance.c2pa.ValidationState;
import io.auteur.studio.director.OtioAssertions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example screenplay filmed end to end through the CLI, and bad scripts refused with their line. */
class FilmCommandTest {
    /**
     * THE ONE PLACE TO CHANGE when the bundled model lands: point this at it, e.g.
     * {@code Optional.of(Path.of("..", "models", "worlds-tiny"))} (tests run in auteur-studio/), and the example is
     * rendered on the bundled model at {@link #STEPS} steps instead of on a toy model made here with fresh weights.
     * Every assertion below holds for both.
     */
    static final Optional<Path> BUNDLED_MODEL = Optional.of(Path.of("..", "models", "worlds-tiny"));
    static final int STEPS = 2;
    static final Path EXAMPLE = Path.of("..", "examples", "three-rooms.fountain");

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static Path model;

    private record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void aModel() throws Exception {
        if (BUNDLED_MODEL.isPresent()) {
            model = BUNDLED_MODEL.get();
            return;
        }
        model = shared.resolve("toy");
        // The toy model knows every word of the previs language, so any caption the planner writes is in vocabulary,
        // and has the bundled model's window (16 frames at 8 fps), so shots are cut into the same windows.
        List<String> words = new ArrayList<>();
        Vocabulary.words().values().forEach(words::addAll);
        ModelConfig toy = ModelConfig.preset("toy");
        ModelConfig window = new ModelConfig(toy.name(), toy.version(), toy.width(), toy.height(), 16, 8, toy.vae(),
                toy.text(), toy.denoiser());
        try (VideoModel fresh = VideoModel.create(window, Tokenizer.fromTexts(List.of(String.join(" ", words))), 3,
                Device.cpu())) {
            fresh.save(model);
        }
    }

    private static Run auteur(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = AuteurCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theExampleScreenplayBecomesAChapteredSignedFilmWithItsCutStoryboardAndReport() throws Exception {
        Path film = dir.resolve("film.mp4"), board = dir.resolve("board.png"), otio = dir.resolve("cut.otio"),
                report = dir.resolve("report.json");
        Run run = auteur("film", EXAMPLE.toString(), "-o", film.toString(), "--storyboard", board.toString(),
                "--otio", otio.toString(), "--report", report.toString(), "--model", model.toString(),
                "--judge", Path.of("..", "models", "judge").toString(),
                "--steps", Integer.toString(STEPS), "--guidance", "1", "--seed", "7");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("planned 11 shots in 3 scenes").contains("wrote " + film);

        // Shots: one file per shot, together as long as the film.
        ModelConfig config = ModelConfig.read(model.resolve("config.json"));
        List<Path> shots;
        try (var files = Files.list(dir.resolve("film.shots"))) {
            shots = files.sorted().toList();
        }
        assertThat(shots).hasSize(11);
        Clip movie = Video.read(film, Limits.DEFAULT);
        int total = 0;
        for (Path shot : shots) {
            total += Video.probe(shot).frameCount();
        }
        assertThat(movie.frameCount()).isEqualTo(total);
        assertThat(movie.width()).isEqualTo(config.width());
        // The first shot is 3 s long: past the model's window, so it was extended.
        assertThat(Video.read(shots.getFirst(), Limits.DEFAULT).frameCount()).isEqualTo((int) Math.round(3 * config.fps()));

        // A chapter per scene, read back from the file.
        List<Chapter> chapters = Chapters.read(film, Limits.DEFAULT);
        assertThat(chapters).extracting(Chapter::title)
                .containsExactly("INT. KITCHEN - DAY", "INT. HALL - CONTINUOUS", "EXT. ROOF - DUSK");
        assertThat(chapters.getLast().endSeconds()).isCloseTo(movie.frameCount() / movie.fps(),
                org.assertj.core.data.Offset.offset(0.01));

        // Credentials: valid, every shot a componentOf ingredient that carries its own manifest.
        ValidationReport credentials = C2pa.withDefaults().read(film).orElseThrow();
        assertThat(credentials.state()).isEqualTo(ValidationState.VALID);
        assertThat(credentials.failureCodes()).containsExactly("signingCredential.untrusted");
        assertThat(credentials.ingredientFailures()).allMatch(s -> s.code().equals("signingCredential.untrusted"));
        assertThat(credentials.manifests()).hasSize(12);
        List<String> ingredientLabels = credentials.active().assertionLabels().stream()
                .filter(label -> label.startsWith("c2pa.ingredient")).toList();
        assertThat(ingredientLabels).hasSize(11);
        for (String label : ingredientLabels) {
            @SuppressWarnings("unchecked")
            Map<String, Object> ingredient = (Map<String, Object>) credentials.active().assertions().stream()
                    .filter(e -> e.getKey().equals(label)).findFirst().orElseThrow().getValue();
            assertThat(ingredient).containsEntry("relationship", "componentOf").containsKey("activeManifest");
        }
        assertThat(credentials.active().assertion("c2pa.actions.v2").orElseThrow().toString()).contains("c2pa.placed");
        assertThat(credentials.active().assertionLabels()).contains("c2pa.soft-binding");
        assertThat(C2pa.withDefaults().read(shots.get(3)).orElseThrow().state()).isEqualTo(ValidationState.VALID);

        // The cut as OpenTimelineIO.
        JsonNode timeline = new ObjectMapper().readTree(otio.toFile());
        OtioAssertions.assertValidTimeline(timeline, 11, movie.frameCount(), otio.getParent());

        // The storyboard: a contact sheet of the 11 key frames, in rows of four under three scene headings.
        Clip sheet = Stills.read(board, Limits.DEFAULT);
        assertThat(sheet.width()).isGreaterThan(4 * 150);

        // The report: continuous cuts start from the frame before them, so they are nearly identical (H.264 aside).
        JsonNode measured = new ObjectMapper().readTree(report.toFile());
        assertThat(measured.get("shots").asInt()).isEqualTo(11);
        List<Double> continuous = new ArrayList<>();
        for (JsonNode cut : measured.get("cuts")) {
            if (cut.get("continuity").asText().equals("CONTINUOUS")) {
                continuous.add(cut.get("psnrDb").asDouble());
            }
        }
        assertThat(continuous).hasSize(3).allMatch(psnr -> psnr >= 25);
        assertThat(measured.at("/measures/continuousCutPsnrDb/met").asBoolean()).isTrue();
        assertThat(measured.at("/measures/temporalFlicker/value").asDouble()).isBetween(0.0, 1.0);
        // The bundled judge read the characters in every shot of a set it was made for (one object): the kitchen's
        // and the hall's, not the roof's, which has none. An untrained toy model's shots do not look as cast.
        JsonNode characters = measured.at("/measures/characterConsistency");
        assertThat(characters.get("shotsRead").asInt()).isEqualTo(6);
        assertThat(characters.get("shotsOutsideJudgeScope").asInt()).isEqualTo(3);
        assertThat(characters.get("readings")).hasSize(18);
        assertThat(characters.get("value").asDouble()).isBetween(0.0, 1.0);
        assertThat(characters.at("/perCharacter").fieldNames()).toIterable().containsExactlyInAnyOrder("MAYA", "OWEN");
        assertThat(run.out()).contains("continuity: lowest PSNR").contains("temporal flicker")
                .contains("character consistency:").contains("6 shots read, 3 outside the judge's scope");
    }

    @Test
    void evalFilmFilmsTheScriptOncePerSeedAndPoolsTheMeasures() throws Exception {
        Path out = dir.resolve("eval");
        Run run = auteur("eval", "film", EXAMPLE.toString(), "-o", out.toString(), "--seeds", "2", "--first-seed", "5",
                "--model", model.toString(), "--judge", Path.of("..", "models", "judge").toString(),
                "--steps", Integer.toString(STEPS), "--guidance", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("seed 5: lowest continuous cut").contains("seed 6: ").contains("pooled over 2 films");
        ObjectMapper json = new ObjectMapper();
        double lowest = Double.MAX_VALUE, flicker = 0;
        int agreeing = 0, scored = 0;
        for (String seed : List.of("seed-5", "seed-6")) {
            assertThat(out.resolve(seed).resolve("film.mp4")).isNotEmptyFile();
            JsonNode measures = json.readTree(out.resolve(seed).resolve("report.json").toFile()).path("measures");
            lowest = Math.min(lowest, measures.at("/continuousCutPsnrDb/min").asDouble());
            flicker += measures.at("/temporalFlicker/value").asDouble() / 2;
            for (JsonNode reading : measures.at("/characterConsistency/readings")) {
                if (reading.get("trusted").asBoolean()) {
                    scored++;
                    agreeing += reading.get("cast").equals(reading.get("read")) ? 1 : 0;
                }
            }
        }
        // Pooled: the lowest cut of all, the mean flicker, and every film's trusted readings weighed alike (the
        // judge trusts size: one reading for each of the six shots in its scope, per film).
        JsonNode pooled = json.readTree(out.resolve("film-eval.json").toFile());
        assertThat(pooled.get("films").asInt()).isEqualTo(2);
        assertThat(pooled.at("/perFilm/1/seed").asLong()).isEqualTo(6);
        assertThat(pooled.at("/continuousCutPsnrDb/min").asDouble()).isCloseTo(lowest, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(pooled.at("/temporalFlicker/mean").asDouble()).isCloseTo(flicker, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(scored).isEqualTo(12);
        assertThat(pooled.at("/characterConsistency/trustedReadings").asInt()).isEqualTo(scored);
        assertThat(pooled.at("/characterConsistency/agreeing").asInt()).isEqualTo(agreeing);

        Run none = auteur("eval", "film", EXAMPLE.toString(), "-o", out.toString(), "--seeds", "0");
        assertThat(none.exitCode()).isNotZero();
        assertThat(none.err()).contains("--seeds must lie in [1, 100]");
        assertThat(auteur("eval").err()).contains("Missing required option: '--out=DIR'");
    }

    @Test
    void aStoryboardAloneNeedsNoModel() {
        Path board = dir.resolve("board.html");
        Run run = auteur("film", EXAMPLE.toString(), "--storyboard", board.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("11 shots in 3 scenes");
        assertThat(board).content().contains("EXT. ROOF - DUSK").contains("MAYA: There it is.")
                .contains("data:image/png;base64,");
    }

    @Test
    void badScriptsAreClearErrorsWithTheirLineAndWriteNothing() throws Exception {
        Path script = dir.resolve("bad.fountain");
        Files.writeString(script, """
                Title: Bad
                Cast:
                    MAYA: a person in a red shirt
                Locations:
                    ROOF: a grey floor

                EXT. ROOF - DAY

                MAYA flys to the left.
                """);
        Path film = dir.resolve("bad.mp4");
        Run run = auteur("film", script.toString(), "-o", film.toString(), "--model", model.toString(), "--steps", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("auteur: bad.fountain:9: ").contains("unknown word 'flys'")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(film).doesNotExist();
        Run tooStrong = auteur("film", EXAMPLE.toString(), "-o", film.toString(), "--model", model.toString(),
                "--steps", "1", "--control-strength", "3");
        assertThat(tooStrong.exitCode()).isNotZero();
        assertThat(tooStrong.err()).contains("control strength must be in [0, 2], was 3.0").doesNotContain("\tat ");
        assertThat(film).doesNotExist();
        Run noBlockout = auteur("film", EXAMPLE.toString(), "-o", film.toString(), "--model", model.toString(),
                "--steps", "1", "--blockout-strength", "0");
        assertThat(noBlockout.err()).contains("blockout strength must be in (0, 1], was 0.0").doesNotContain("\tat ");
        assertThat(film).doesNotExist();
        assertThat(auteur("film", script.toString()).err()).contains("Missing -o");
        assertThat(auteur("film", script.toString(), "--storyboard", dir.resolve("b.gif").toString()).err())
                .contains(".png or .html");
        assertThat(auteur("film", script.toString(), "--storyboard", dir.resolve("b.png").toString(), "--otio", "c.otio")
                .err()).contains("add -o");
        assertThat(auteur("film", dir.resolve("missing.fountain").toString(), "--storyboard",
                dir.resolve("b.png").toString()).err()).contains("no such file");
    }
}
