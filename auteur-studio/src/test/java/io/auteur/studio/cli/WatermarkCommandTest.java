package io.auteur.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.previs.PrevisVideo;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.caption.PromptParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WatermarkCommandTest {
    @TempDir
    Path dir;
    private Path video;
    private Path key;

    private record Run(int exitCode, String out, String err) {}

    private static Run watermark(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new WatermarkCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void renderAClip() throws Exception {
        video = dir.resolve("shot.mp4");
        key = dir.resolve("keys/watermark.key");
        PrevisVideo.render(new PromptParser().parse("a blue cube slides to the left on a checkered floor"),
                RenderSettings.of(256, 192, 1, 15), video, Optional.empty(), frame -> { });
    }

    @Test
    void embedCreatesAKeyAndDetectReportsThePayloadAsJson() throws Exception {
        Path marked = dir.resolve("marked.mp4");

        Run embed = watermark("embed", video.toString(), "-o", marked.toString(), "--payload", "00C0FFEE12345678",
                "--key", key.toString());
        Run detect = watermark("detect", marked.toString(), "--key", key.toString(), "--json");

        assertThat(embed.exitCode()).as(embed.err()).isZero();
        assertThat(embed.out()).contains("created a new watermark key in " + key).contains("00c0ffee12345678");
        assertThat(Files.exists(key)).isTrue();
        assertThat(detect.exitCode()).as(detect.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(detect.out());
        assertThat(json.get("found").asBoolean()).isTrue();
        assertThat(json.get("payload").asText()).isEqualTo("00c0ffee12345678");
        assertThat(json.get("pValue").asDouble()).isLessThanOrEqualTo(1e-6);
        assertThat(json.get("bitConfidence")).hasSize(64);
    }

    @Test
    void detectOnAnUnmarkedVideoSaysNothingWasFoundWithExitStatus3() {
        watermark("embed", video.toString(), "-o", dir.resolve("m.mp4").toString(), "--key", key.toString());

        Run detect = watermark("detect", video.toString(), "--key", key.toString());

        assertThat(detect.exitCode()).isEqualTo(3);
        assertThat(detect.out()).startsWith("no watermark found");
    }

    @Test
    void aBadHexPayloadIsReportedInOneLineWithoutAStackTrace() {
        Run run = watermark("embed", video.toString(), "-o", dir.resolve("m.mp4").toString(), "--payload", "xyz",
                "--key", key.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("payload \"xyz\"").doesNotContain("\tat ");
        assertThat(Files.exists(dir.resolve("m.mp4"))).isFalse();
    }

    @Test
    void aMissingInputIsNamed() {
        Path missing = dir.resolve("missing.mp4");

        Run run = watermark("detect", missing.toString(), "--key", key.toString());
        Run embed = watermark("embed", missing.toString(), "-o", dir.resolve("m.mp4").toString(), "--key", key.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(key + ": no such key file");
        assertThat(embed.exitCode()).isEqualTo(1);
        assertThat(embed.err()).contains(missing + ": no such file");
    }
}
