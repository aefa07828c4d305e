package io.auteur.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.media.Limits;
import io.auteur.media.MediaInfo;
import io.auteur.media.Video;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.ValidationReport;
import io.auteur.provenance.c2pa.ValidationState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuteurCliTest {
    private static final String PROMPT =
            "a red sphere bounces to the right on a checkered floor while the camera pans left";

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run auteur(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = AuteurCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void previsRendersTheVideoEveryControlAndTheSceneFromAPrompt() throws Exception {
        Path video = dir.resolve("out.mp4");
        Path controls = dir.resolve("ctl");
        Run run = auteur("previs", PROMPT, "-o", video.toString(), "--controls", controls.toString(),
                "--size", "128x96", "--seconds", "1", "--fps", "8");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote " + video);

        MediaInfo info = Video.probe(video);
        assertThat(info.width()).isEqualTo(128);
        assertThat(info.height()).isEqualTo(96);
        assertThat(Video.read(video, Limits.DEFAULT).frameCount()).isEqualTo(8);
        for (String control : new String[] {"depth", "edges", "pose", "flow", "normals", "masks"}) {
            Path file = controls.resolve(control + ".mp4");
            assertThat(file).exists();
            assertThat(Video.read(file, Limits.DEFAULT).frameCount()).as(control).isEqualTo(8);
        }
        assertThat(Files.readString(controls.resolve("scene.json"))).contains("\"BOUNCE\"".toLowerCase()).contains("CHECKER");
        // Every video is signed as algorithmic media (a render, no trained model).
        for (Path signed : new Path[] {video, controls.resolve("depth.mp4")}) {
            ValidationReport report = C2pa.withDefaults().read(signed).orElseThrow();
            assertThat(report.state()).as(signed.toString()).isEqualTo(ValidationState.VALID);
            assertThat(report.active().assertion("c2pa.actions.v2").orElseThrow().toString()).contains("algorithmicMedia")
                    .doesNotContain("trainedAlgorithmicMedia");
        }

        // The scene file renders the same scene again.
        Path again = dir.resolve("again.mp4");
        Run fromJson = auteur("previs", controls.resolve("scene.json").toString(), "-o", again.toString(),
                "--size", "64x64", "--seconds", "0.5", "--fps", "8");
        assertThat(fromJson.exitCode()).as(fromJson.err()).isZero();
        assertThat(dir.resolve("again.scene.json")).exists();
    }

    @Test
    void unknownWordsAreReportedWithSuggestionsAndNothingIsWritten() {
        Path video = dir.resolve("x.mp4");
        Run run = auteur("previs", "a red sphear bounces", "-o", video.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("sphear").contains("sphere").doesNotContain("Exception");
        assertThat(video).doesNotExist();
    }

    @Test
    void badScenesSizesAndFilesGiveClearErrors() throws Exception {
        Path video = dir.resolve("x.mp4");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"camera\": {\n  \"position\": [1, 2");
        assertThat(auteur("previs", broken.toString(), "-o", video.toString()).err())
                .contains("broken.json").contains("line 2");
        assertThat(auteur("previs", dir.resolve("missing.json").toString(), "-o", video.toString()).err())
                .contains("no such scene file");
        Run zero = auteur("previs", PROMPT, "-o", video.toString(), "--size", "0x0");
        assertThat(zero.exitCode()).isEqualTo(1);
        assertThat(zero.err()).contains("0x0");
        assertThat(auteur("previs", PROMPT, "-o", video.toString(), "--size", "100000x100000").err())
                .contains("100000x100000").contains("1920x1080");
        assertThat(auteur("previs", PROMPT, "-o", video.toString(), "--size", "big").err()).contains("512x512");
        assertThat(auteur("previs", PROMPT, "-o", video.toString(), "--seconds", "-1").err()).contains("duration");
        assertThat(video).doesNotExist();
    }

    @Test
    void debugAddsTheStackTrace() {
        Run run = auteur("previs", "a red sphear", "-o", dir.resolve("x.mp4").toString(), "--debug");
        assertThat(run.err()).contains("\tat ");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{"--help"}, {"previs", "--help"}, {"previs", "dataset", "--help"}, {"generate", "--help"},
            {"train", "--help"}, {"control", "--help"}, {"sign", "--help"}, {"credentials", "--help"}, {"watermark", "--help"}}) {
            Run run = auteur(command);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Usage:");
        }
    }

    @Test
    void datasetWritesShardsAndAManifest() throws Exception {
        Path out = dir.resolve("data");
        Run run = auteur("previs", "dataset", "--count", "6", "--size", "32x32", "--frames", "4", "--shard-size", "4",
                "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(out.resolve("shard-00000.bin")).exists();
        assertThat(out.resolve("shard-00001.bin")).exists();
        assertThat(Files.readString(out.resolve("manifest.json"))).contains("\"count\" : 6");
    }

    @Test
    void aWiderDecoderIsTrainedOnAModelAndTheResultGenerates() throws Exception {
        Path data = dir.resolve("data");
        assertThat(auteur("previs", "dataset", "--count", "6", "--size", "16x16", "--frames", "5", "--out",
                data.toString()).exitCode()).isZero();
        Path base = dir.resolve("base");
        Run trained = auteur("train", "--data", data.toString(), "--config", "toy", "--out", base.toString(),
                "--vae-steps", "4", "--steps", "2", "--batch", "2", "--checkpoint-every", "1000");
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        Path wider = dir.resolve("wider");
        Run decoder = auteur("train", "--from", base.toString(), "--data", data.toString(), "--out", wider.toString(),
                "--vae-steps", "0", "--decoder-steps", "6", "--steps", "0", "--decoder-channels", "16,24", "--batch", "2");
        assertThat(decoder.exitCode()).as(decoder.err()).isZero();
        assertThat(decoder.out()).contains("wrote " + wider).contains("VAE PSNR");
        assertThat(Files.readString(wider.resolve("config.json"))).containsPattern("\"decoderChannels\" : \\[ 16, 24 \\]");
        Path video = dir.resolve("out.mp4");
        Run generated = auteur("generate", PROMPT, "-o", video.toString(), "--model", wider.toString(), "--steps", "2");
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        assertThat(Video.read(video, Limits.DEFAULT).frameCount()).isEqualTo(5);

        Run mismatched = auteur("train", "--from", base.toString(), "--data", data.toString(), "--out",
                dir.resolve("bad").toString(), "--vae-steps", "0", "--decoder-steps", "1", "--steps", "0",
                "--decoder-channels", "16,24,32");
        assertThat(mismatched.exitCode()).isNotZero();
        assertThat(mismatched.err()).contains("one width per level");

        // The base's own autoencoder goes back under the widened model; its denoiser trains on (the same) latents.
        Path swapped = dir.resolve("swapped");
        Run swap = auteur("train", "--from", wider.toString(), "--autoencoder-from", base.toString(), "--data",
                data.toString(), "--out", swapped.toString(), "--vae-steps", "0", "--steps", "2", "--batch", "2");
        assertThat(swap.exitCode()).as(swap.err()).isZero();
        assertThat(Files.readString(swapped.resolve("config.json"))).containsPattern("\"decoderChannels\" : \\[ 8, 8 \\]");
        assertThat(Files.readString(swapped.resolve("MODEL_CARD.md"))).contains("Autoencoder taken from a run");
        Run alone = auteur("train", "--autoencoder-from", base.toString(), "--data", data.toString(), "--out",
                dir.resolve("alone").toString(), "--steps", "2");
        assertThat(alone.exitCode()).isNotZero();
        assertThat(alone.err()).contains("--autoencoder-from goes with --from");
        Run untrained = auteur("train", "--from", wider.toString(), "--autoencoder-from", base.toString(), "--data",
                data.toString(), "--out", dir.resolve("untrained").toString(), "--vae-steps", "0", "--steps", "0",
                "--decoder-steps", "1");
        assertThat(untrained.exitCode()).isNotZero();
        assertThat(untrained.err()).contains("--steps");
    }

    @Test
    void aJudgeIsTrainedThenFineTunedFromItself() throws Exception {
        Path first = dir.resolve("judge"), tuned = dir.resolve("tuned");
        Run trained = auteur("judge", "train", "--config", "toy", "--out", first.toString(), "--clips", "8", "--steps",
                "2", "--batch", "2", "--test-clips", "0");
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        Run again = auteur("judge", "train", "--from", first.toString(), "--out", tuned.toString(), "--clips", "8",
                "--steps", "1", "--batch", "2", "--test-clips", "0", "--lr", "1e-4", "--first-seed", "5000100");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Files.readString(tuned.resolve("JUDGE_CARD.md"))).contains("Fine-tuned from a judge trained 2 steps");
        assertThat(Files.readString(tuned.resolve("training.json"))).contains("\"trainingFirstSeed\" : 5000100");
        // A new measurement is recorded in the folder, on scenes the judge never saw, and only there.
        Run measured = auteur("judge", "test", "--model", tuned.toString(), "--count", "12", "--first-seed", "6500000",
                "--update-card");
        assertThat(measured.exitCode()).as(measured.err()).isZero();
        assertThat(measured.out()).contains("accuracy on 12 fresh renders").contains("recorded in");
        assertThat(Files.readString(tuned.resolve("accuracy.json"))).contains("\"firstSeed\" : 6500000");
        assertThat(Files.readString(tuned.resolve("JUDGE_CARD.md"))).contains("## Accuracy on 12 fresh renders");
        Run seen = auteur("judge", "test", "--model", tuned.toString(), "--count", "12", "--first-seed", "5000000",
                "--update-card");
        assertThat(seen.exitCode()).isNotZero();
        assertThat(seen.err()).contains("overlap");
        assertThat(Files.readString(tuned.resolve("accuracy.json"))).contains("\"firstSeed\" : 6500000");
        Run missing = auteur("judge", "train", "--from", dir.resolve("nothing").toString(), "--out",
                dir.resolve("bad").toString(), "--clips", "8", "--steps", "1", "--test-clips", "0");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("no judge folder");
        assertThat(dir.resolve("bad")).doesNotExist();
    }
}
