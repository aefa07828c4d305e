package io.auteur.studio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import io.auteur.previs.PrevisVideo;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.caption.PromptParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ControlCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {}

    private static Run control(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new ControlCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void extractsEdgesAndFlowControlsFrameForFrameFromFootage() throws Exception {
        Path footage = dir.resolve("footage.mp4");
        PrevisVideo.render(new PromptParser().parse("a red sphere rolls to the right on a checkered floor"),
                RenderSettings.of(96, 64, 1, 8), footage, Optional.empty(), frame -> { });

        for (String kind : new String[] {"edges", "flow"}) {
            Path out = dir.resolve(kind + ".mp4");
            Run run = control(kind, footage.toString(), "-o", out.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("wrote " + out).contains(kind).contains("96x64").contains("8 frames");
            Clip clip = Video.read(out, Limits.DEFAULT);
            assertThat(clip.width()).isEqualTo(96);
            assertThat(clip.height()).isEqualTo(64);
            assertThat(clip.frameCount()).isEqualTo(8);
        }

        Run limited = control("EDGES", footage.toString(), "-o", dir.resolve("first3.mp4").toString(), "--max-frames", "3");
        assertThat(limited.exitCode()).as(limited.err()).isZero();
        assertThat(Video.read(dir.resolve("first3.mp4"), Limits.DEFAULT).frameCount()).isEqualTo(3);
    }

    @Test
    void anUnknownControlIsAUsageErrorAndAMissingFileAFailure() {
        Run unknown = control("depth", "in.mp4", "-o", dir.resolve("x.mp4").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'depth' is not a control that can be extracted; use edges or flow");

        Run missing = control("edges", dir.resolve("nope.mp4").toString(), "-o", dir.resolve("x.mp4").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.mp4: no such file");
        assertThat(dir.resolve("x.mp4")).doesNotExist();
    }
}
