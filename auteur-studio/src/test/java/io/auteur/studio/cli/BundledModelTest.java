package io.auteur.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.engine.Generation;
import io.auteur.engine.GenerationPipeline;
import io.auteur.engine.Judge;
import io.auteur.engine.JudgeReading;
import io.auteur.engine.ModelConfig;
import io.auteur.engine.Pictures;
import io.auteur.engine.VideoModel;
import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import io.auteur.previs.RenderSettings;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.ValidationState;
import io.auteur.provenance.watermark.Watermarker;
import io.auteur.studio.eval.EvalCase;
import io.auteur.studio.eval.EvalPlan;
import io.auteur.vision.ControlAdherence;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed weights. The README's main command: the bundled model generates the prompt into a watched-size,
 * watermarked, signed clip, and the bundled judge reads it. The judge's colour and shape are not yet asserted: the
 * judge is trusted for colour since stop 23, but from text alone the committed model draws the prompt's palette and
 * rarely the object (colour adherence 0.12 in docs/benchmarks.md), and shape is not trusted. Edge control: the model
 * follows the edges of held-out renders. And the example film keeps its characters' size.
 */
class BundledModelTest {
    /** The repository's models folder, seen from the module folder the tests run in. */
    private static final Path MODELS = Path.of("..", "models");

    @TempDir
    Path dir;

    @Test
    void theBundledModelDrawsWhatThePromptAsksAndTheJudgeSeesIt() throws Exception {
        Path model = MODELS.resolve("worlds-tiny"), judgeDir = MODELS.resolve("judge");
        assertThat(model.resolve("model.safetensors")).as("the bundled model must be committed under models/").isRegularFile();
        assertThat(judgeDir.resolve(Judge.WEIGHTS)).as("the bundled judge must be committed under models/").isRegularFile();
        Path out = dir.resolve("out.mp4");
        StringWriter stdout = new StringWriter(), stderr = new StringWriter();
        int code = AuteurCli.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), "generate",
                "a red sphere bounces to the right on a checkered floor", "-o", out.toString(), "--model",
                model.toString(), "--seed", "1");
        assertThat(code).as(stderr.toString()).isZero();
        Clip clip = Video.read(out, Limits.DEFAULT);
        assertThat(clip.width()).as("enlarged for viewing").isEqualTo(512);
        assertThat(C2pa.withDefaults().read(out).orElseThrow().state()).isNotEqualTo(ValidationState.INVALID);
        assertThat(clip.frameCount()).isEqualTo(16);
        assertThat(new Watermarker(Sealing.watermarkKey()).detect(clip).found()).isTrue();
        try (Judge judge = Judge.load(judgeDir)) {
            JudgeReading reading = judge.read(Pictures.resize(clip, 64, 64));
            assertThat(reading.guesses()).containsOnlyKeys(JudgeReading.Attribute.values());
        }
        assertThat(Files.size(model.resolve("model.safetensors"))).as("bundled weights stay small").isLessThan(60L << 20);
    }

    /**
     * The eval's first six edge-control prompts at 8 steps: with guidance dropping the control along with the prompt
     * their mean edge F1 was 0.72 with the stop-22 weights (0.54 with the stop-21 weights); with the control in both
     * halves of the guidance it was 0.32.
     */
    @Test
    void guidanceMakesTheModelFollowAnEdgeControl() throws Exception {
        try (VideoModel model = VideoModel.load(MODELS.resolve("worlds-tiny"), Device.cpu())) {
            ModelConfig config = model.config();
            EvalPlan plan = EvalPlan.drawn(54, 0, new RenderSettings(config.width(), config.height(), config.fps(),
                    config.frames(), 2));
            GenerationPipeline pipeline = new GenerationPipeline(model);
            double sum = 0;
            int count = 0;
            // The eval gives every ninth prompt, from the seventh on, an edge control.
            for (int i = 6; i < plan.cases().size(); i += 9) {
                EvalCase c = plan.cases().get(i);
                Clip edges = c.control("edges");
                Clip out = pipeline.generate(new Generation(c.prompt(), "", config.frames(), c.seed(), 8, 3.0, "euler",
                        Optional.empty(), Optional.of(new Generation.Control("edges", edges, 1.0)), List.of()),
                        GenerationPipeline.Progress.NONE).clip();
                sum += ControlAdherence.edgeAdherence(out, edges).f1();
                count++;
            }
            assertThat(count).isEqualTo(6);
            assertThat(sum / count).as("mean edge F1").isGreaterThan(0.45);
        }
    }

    /**
     * The example screenplay on the bundled model, as `auteur film` makes it by default (each shot started from its
     * blockout's key frame, steered by its edges and sampled from its blockout noised to strength 0.4): the judge
     * reads each character's size as cast. Measured on seeds 0 to 3 (stop 26): 6 of the 6 shots it reads on every
     * seed; at seed 3 the least certain reading (MAYA's jump, shot 6) is "small" at 0.83. From pure noise (strength
     * 1, until stop 25) 5 of 6 on every seed, MAYA's wave (shot 2, continuing her walk) read with no person on all
     * four: so the wave must be read as cast, and one other reading may flip on another machine's arithmetic.
     */
    @Test
    void theExampleFilmKeepsItsCharactersOnTheBundledModel() throws Exception {
        Path report = dir.resolve("report.json");
        StringWriter stdout = new StringWriter(), stderr = new StringWriter();
        int code = AuteurCli.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), "film",
                Path.of("..", "examples", "three-rooms.fountain").toString(), "-o", dir.resolve("film.mp4").toString(),
                "--report", report.toString(), "--model", MODELS.resolve("worlds-tiny").toString(), "--judge",
                MODELS.resolve("judge").toString(), "--steps", "8", "--seed", "3", "--no-credentials");
        assertThat(code).as(stderr.toString()).isZero();
        JsonNode characters = new ObjectMapper().readTree(report.toFile()).at("/measures/characterConsistency");
        assertThat(characters.get("shotsRead").asInt()).isEqualTo(6);
        assertThat(characters.get("trustedAttributes")).isNotEmpty();
        assertThat(characters.get("value").asDouble()).as("%s", characters).isGreaterThanOrEqualTo(5.0 / 6);
        JsonNode wave = null;
        for (JsonNode reading : characters.get("readings")) {
            if (reading.get("shot").asInt() == 2 && reading.get("attribute").asText().equals("build")) {
                wave = reading;
            }
        }
        assertThat(wave).as("MAYA's wave is read").isNotNull();
        assertThat(wave.get("read").asText()).as("%s", wave).isEqualTo("small");
    }
}
