package io.auteur.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.engine.Trainer;
import io.auteur.previs.dataset.DatasetWriter;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.ValidationReport;
import io.auteur.provenance.c2pa.ValidationState;
import io.auteur.studio.ledger.Statement;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole consent story through the CLI, on the real footage in ../shared/fixtures/footage and a toy model:
 * a base model trained on previs renders, the footage imported with consent, the base fine-tuned on it (its
 * validation loss on held-out windows of the footage drops), generations that cite the dataset manifest and pay
 * the contributor once per generation id, then a revocation that marks the model, warns at generation and closes
 * the gate.
 */
class ConsentFineTuningTest {
    private static final String PROMPT = "a red sphere bounces to the right on a checkered floor";
    private static final String FOOTAGE = "waterfall-720x1280.mp4";

    @TempDir
    static Path dir;

    private static String previousHome;

    private record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void freshAuteurHome() {
        // Its own home, so the registry and ledger start empty and other tests' keys and records are not touched.
        previousHome = System.getProperty("auteur.home");
        System.setProperty("auteur.home", dir.resolve("home").toString());
    }

    @AfterAll
    static void restoreAuteurHome() {
        if (previousHome == null) {
            System.clearProperty("auteur.home");
        } else {
            System.setProperty("auteur.home", previousHome);
        }
    }

    private static Run auteur(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = AuteurCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run ok(String... args) {
        Run run = auteur(args);
        assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.err()).isZero();
        return run;
    }

    private static Path footageFolder() {
        Path folder = Path.of(System.getProperty("auteur.shared"), "fixtures/footage");
        assertThat(folder.resolve(FOOTAGE)).as("../shared/fixtures/footage").exists();
        return folder;
    }

    @Test
    void fineTuningOnConsentedFootageLowersHeldOutLossAndEveryGenerationCitesAndPaysItsData() throws Exception {
        long started = System.nanoTime();
        // 1. A base model on synthetic renders: no contributors, so the gate lets it through without asking anyone.
        Path previs = dir.resolve("previs");
        DatasetWriter.write(new DatasetWriter.Request(24, 16, 16, 5, 8, 1, 24, 2), previs, done -> { });
        Path base = dir.resolve("models/base");
        Run trained = ok("train", "--data", previs.toString(), "--config", "toy", "--out", base.toString(),
                "--vae-steps", "80", "--steps", "80", "--batch", "4", "--lr", "2e-3", "--checkpoint-every", "1000");
        assertThat(trained.out()).contains("(synthetic, 0 consent records)");
        long baseDone = System.nanoTime();

        // 2. The footage, contributed by Alice for training and fine-tuning.
        ok("consent", "add", "--contributor", "alice", "--name", "Alice Example", "--payout", "acct-42");
        Path data = dir.resolve("footage-data");
        Run imported = ok("dataset", "import", footageFolder().toString(), "--contributor", "alice",
                "--consent", "training,fine-tuning", "--licence", "CC-BY-4.0", "--out", data.toString(),
                "--size", "16x16", "--frames", "5", "--fps", "8", "--grid", "6");
        // 2 s at 8 fps: 3 windows of 5 frames; the 720x720 centre crop in sixths gives 6 x 10 tiles of 120 pixels.
        assertThat(imported.out()).contains("180 clips from 1 file");
        String manifestSha = new ObjectMapper().readTree(data.resolve("manifest.json").toFile())
                .path("datasetManifest").path("sha256").asText();
        assertThat(imported.out()).contains(manifestSha);
        long importDone = System.nanoTime();

        // 3. Fine-tune: the denoiser and text encoder adapt, the VAE stays. Held out: the last 3 clips, the bottom
        // tiles of the last window, which training never sees.
        double before = Trainer.heldOutLoss(base, data, 16, Device.cpu());
        Path tuned = dir.resolve("models/tuned");
        Run tuning = ok("train", "--from", base.toString(), "--data", data.toString(), "--out", tuned.toString(),
                "--vae-steps", "0", "--steps", "100", "--batch", "8", "--lr", "2e-3", "--checkpoint-every", "1000");
        double after = Trainer.heldOutLoss(tuned, data, 16, Device.cpu());
        long tuneDone = System.nanoTime();
        System.out.printf(Locale.ROOT, "fine-tuning on footage: held-out flow-matching loss %.4f -> %.4f (%.1f%%); "
                        + "base %.1f s, import %.1f s, fine-tune and two evaluations %.1f s%n", before, after,
                100 * (after - before) / before, (baseDone - started) / 1e9, (importDone - baseDone) / 1e9,
                (tuneDone - importDone) / 1e9);
        assertThat(after).as("held-out loss after fine-tuning").isLessThan(0.9 * before);
        assertThat(tuning.out()).contains(manifestSha).contains("(consented, 1 consent records)");

        JsonNode training = new ObjectMapper().readTree(tuned.resolve("training.json").toFile());
        assertThat(training.path("datasetManifest").path("sha256").asText()).isEqualTo(manifestSha);
        assertThat(training.path("datasetManifest").path("scope").asText()).isEqualTo("fine-tuning");
        assertThat(tuned.resolve("datasets/" + manifestSha + ".json")).hasSameBinaryContentAs(data.resolve("dataset-manifest.json"));
        assertThat(Files.readString(tuned.resolve("MODEL_CARD.md"))).contains(manifestSha)
                .contains("Contributed media, used with its contributors' consent (scope fine-tuning): 1 assets from alice")
                .contains("Fine-tuned from toy");

        // 4. Generations cite the model and its dataset manifest, and pay Alice once per generation id.
        Path video = dir.resolve("out.mp4");
        Run generated = ok("generate", PROMPT, "-o", video.toString(), "--model", tuned.toString(), "--steps", "2",
                "--generation-id", "gen-1", "--credit-minor-units", "7");
        assertThat(generated.out()).contains("credited generation gen-1: alice 0.07 EUR");
        assertThat(generated.err()).doesNotContain("needs retraining");
        ValidationReport report = C2pa.withDefaults().read(video).orElseThrow();
        assertThat(report.state()).isEqualTo(ValidationState.VALID);
        assertThat(report.active().assertion("c2pa.actions.v2").orElseThrow().toString())
                .contains("io.auteur.datasetManifest").contains("sha256:" + manifestSha).contains("toy@0")
                .contains("gen-1");
        assertThat(ok("generate", PROMPT, "-o", video.toString(), "--model", tuned.toString(), "--steps", "2",
                "--generation-id", "gen-1", "--credit-minor-units", "7").out()).contains("already credited generation gen-1");
        ok("generate", PROMPT, "-o", dir.resolve("second.png").toString(), "--model", tuned.toString(), "--steps", "2",
                "--generation-id", "gen-2", "--credit-minor-units", "7");
        String csv = ok("ledger", "statement", "--contributor", "alice", "--csv").out();
        assertThat(csv.split("\r\n")).hasSize(3).startsWith(Statement.CSV_HEADER);
        assertThat(csv).contains(",gen-1,toy@0," + manifestSha + ",7,EUR,7").contains(",gen-2,toy@0," + manifestSha + ",7,EUR,14");
        assertThat(ok("ledger", "statement", "--contributor", "alice").out()).contains("Alice Example").contains("0.14 EUR");
        // A model trained on renders only pays nobody.
        assertThat(ok("generate", PROMPT, "-o", dir.resolve("base.png").toString(), "--model", base.toString(),
                "--steps", "2").out()).doesNotContain("credited");

        // 5. Alice withdraws the footage: the tuned model needs retraining, generation warns, the gate closes.
        Run revoked = ok("consent", "revoke", footageFolder().resolve(FOOTAGE).toString(), "--reason", "withdrawn by Alice");
        assertThat(revoked.out()).contains("training revoked").contains("fine-tuning revoked")
                .contains("model toy at " + tuned.toAbsolutePath() + " needs retraining");
        String models = ok("models").out();
        assertThat(models).containsPattern("needs retraining +toy +" + java.util.regex.Pattern.quote(tuned.toAbsolutePath().toString()))
                .containsPattern("ok +toy +" + java.util.regex.Pattern.quote(base.toAbsolutePath().toString()));
        Run warned = ok("generate", PROMPT, "-o", dir.resolve("after.png").toString(), "--model", tuned.toString(),
                "--steps", "2");
        assertThat(warned.err()).contains("needs retraining").contains(FOOTAGE);
        Run refused = auteur("train", "--from", base.toString(), "--data", data.toString(), "--out",
                dir.resolve("models/again").toString(), "--vae-steps", "0", "--steps", "1");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("refusing to train (fine-tuning)").contains(FOOTAGE).contains("revoked on")
                .contains("withdrawn by Alice");
        assertThat(dir.resolve("models/again/model.safetensors")).doesNotExist();
        assertThat(ok("consent", "show", "alice").out()).contains("Alice Example").contains(FOOTAGE);
        assertThat(ok("consent", "list").out()).contains("training#").contains("(revoked)");
    }
}
