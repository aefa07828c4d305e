package io.auteur.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.engine.ModelConfig;
import io.auteur.engine.Tokenizer;
import io.auteur.engine.VideoModel;
import io.auteur.media.Limits;
import io.auteur.media.Stills;
import io.auteur.previs.RenderSettings;
import io.auteur.studio.eval.EvalCase;
import io.auteur.studio.eval.EvalPlan;
import io.auteur.studio.eval.Evaluation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auteur eval} end to end on a toy model saved to disk, with the bundled judge. */
class EvalCommandTest {
    private static final Path JUDGE = Path.of("..", "models", "judge");

    @TempDir
    Path dir;

    @Test
    void evaluatesEveryModeAndWritesTheReportThePageTheContactSheetAndTheCard() throws Exception {
        ModelConfig config = ModelConfig.preset("toy");
        RenderSettings settings = new RenderSettings(config.width(), config.height(), config.fps(), config.frames(), 2);
        // Seven prompts: every third is also conditioned, in turn on an image, for in-painting and on edges.
        EvalPlan plan = EvalPlan.drawn(7, 1, settings);
        List<String> prompts = new ArrayList<>();
        Stream.concat(plan.cases().stream(), plan.physics().stream()).map(EvalCase::prompt).forEach(prompts::add);
        Path model = dir.resolve("toy");
        try (VideoModel toy = VideoModel.create(config, Tokenizer.fromTexts(prompts), 5, Device.cpu())) {
            toy.save(model);
        }
        Path out = dir.resolve("eval");
        StringWriter stdout = new StringWriter(), stderr = new StringWriter();
        int code = AuteurCli.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), "eval", "--model",
                model.toString(), "--judge", JUDGE.toString(), "--count", "7", "--physics", "1", "--steps", "2", "--show", "2", "-o", out.toString(),
                "--update-card");
        assertThat(code).as(stderr.toString()).isZero();
        assertThat(stdout.toString()).contains("image-to-video first-frame PSNR").contains("wrote");

        JsonNode report = new ObjectMapper().readTree(out.resolve("eval.json").toFile());
        assertThat(report.get("prompts").asInt()).isEqualTo(7);
        for (String mode : Evaluation.MODES) {
            assertThat(report.at("/modes/" + mode + "/count").asInt()).as(mode).isPositive();
        }
        JsonNode text = report.at("/modes/text/means");
        assertThat(text.get("temporalFlicker").asDouble()).isBetween(0.0, 1.0);
        assertThat(text.get("previsTemporalFlicker").asDouble()).isBetween(0.5, 1.0);
        // The known first frame is pinned in latent space, so the model's own frame 0 is the toy autoencoder's
        // round trip of the render (its picture shortcut alone, 4x4 blocks averaged): close, never exact.
        assertThat(report.at("/modes/image/means/firstFramePsnrDb").asDouble()).isBetween(15.0, 60.0);
        assertThat(report.at("/modes/inpaint/means/outsideMaskPsnrDb").asDouble()).isBetween(5.0, 60.0);
        assertThat(report.at("/modes/control/means/edgeF1").asDouble()).isBetween(0.0, 1.0);
        assertThat(report.at("/modes/physics/means/previsTrackedFrames").asDouble()).isPositive();
        assertThat(report.get("targets")).hasSize(4 + 4);
        assertThat(report.get("samples")).hasSize(7 + 3 + 1); // every prompt from text, every third also conditioned, one physics prompt

        assertThat(Files.readString(out.resolve("eval.html"))).contains("<h2>Contact sheet</h2>").contains("<img").contains("Judge");
        assertThat(Stills.read(out.resolve("contact-sheet.png"), Limits.DEFAULT).width()).isPositive();
        assertThat(Files.readString(model.resolve("MODEL_CARD.md"))).contains("## Evaluation")
                .contains("image-to-video first-frame PSNR");
    }
}
