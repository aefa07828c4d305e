package io.auteur.studio.cli;

import io.auteur.media.Clip;
import io.auteur.media.Limits;
import io.auteur.media.Video;
import io.auteur.vision.ControlExtractor;
import io.auteur.vision.ExtractedControl;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code auteur control edges|flow IN -o OUT}: a control clip from footage, for {@code generate --control}. */
@Command(name = "control", mixinStandardHelpOptions = true,
        description = {"Extract a control clip from footage: Canny edges (white on black) or dense optical flow "
                + "(colour wheel), frame for frame, in the encodings previs writes, so generate --control accepts it.",
            "Example: auteur control edges footage.mp4 -o edges.mp4"})
final class ControlCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "edges|flow", converter = KindConverter.class,
            description = "Which control: edges or flow.")
    ExtractedControl kind;

    @Parameters(index = "1", paramLabel = "IN", description = "Footage: any video FFmpeg reads.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.mp4", description = "The control video to write.")
    Path output;

    @Option(names = "--max-frames", paramLabel = "N",
            description = "Read at most this many frames from the start of IN (default: all, within the media limits).")
    Integer maxFrames;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (maxFrames != null && maxFrames <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--max-frames must be positive, was " + maxFrames);
        }
        Clip footage = Video.read(input, Limits.DEFAULT, 0, maxFrames == null ? Integer.MAX_VALUE : maxFrames);
        Clip control = kind.extract(footage);
        ControlExtractor.write(control, output);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + output + " (" + kind.label() + ", " + control.width() + "x" + control.height() + ", "
                + control.frameCount() + " frames at " + control.fps() + " fps)");
        return 0;
    }

    static final class KindConverter implements ITypeConverter<ExtractedControl> {
        @Override
        public ExtractedControl convert(String value) {
            for (ExtractedControl kind : ExtractedControl.values()) {
                if (kind.label().equals(value.toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a control that can be extracted; use edges or flow");
        }
    }
}
