package io.auteur.studio.cli;

import io.auteur.engine.GenerationException;
import io.auteur.engine.VideoModel;
import io.auteur.media.Limits;
import io.auteur.studio.generation.BundledModel;
import io.auteur.studio.generation.GenerationOrder;
import io.auteur.studio.generation.GenerationService;
import io.auteur.studio.home.AuteurHome;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code auteur generate}: every generation mode from one command, on the bundled model by default. The options
 * become a {@link GenerationOrder}; {@link GenerationService} does the work, as it does for the studio server.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate a video (or, with -o x.png, an image) from a prompt in the previs language.",
            "Modes: text only; --image (image-to-video); --image and --last-image (interpolation); --control "
                + "KIND:clip.mp4 (depth, edges, pose or flow); --mask with --image or --video (in-painting: white is "
                + "regenerated); --outpaint 2x with --image or --video; --video clip.mp4 --strength 0.7 "
                + "(video-to-video); --extend clip.mp4 --seconds N.",
            "Example: auteur generate \"a red sphere bounces to the right on a checkered floor\" -o out.mp4"})
final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROMPT", description = "What to generate, in the previs language.")
    String prompt;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.mp4|OUT.png", description = "Where to write.")
    Path output;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder (default: the bundled worlds-tiny).")
    Path model;

    @Option(names = "--image", paramLabel = "FILE", description = "First frame (PNG/JPEG), fitted to the model size.")
    Path image;

    @Option(names = "--last-image", paramLabel = "FILE", description = "Last frame, for interpolation.")
    Path lastImage;

    @Option(names = "--video", paramLabel = "FILE", description = "Source clip for in-painting, out-painting or "
            + "video-to-video.")
    Path video;

    @Option(names = "--strength", paramLabel = "S", description = "Video-to-video: start from --video noised to S "
            + "in (0, 1]; lower keeps more of its layout and colours, 1 keeps nothing.")
    Double strength;

    @Option(names = "--control", paramLabel = "KIND:FILE", description = "A control clip: depth, edges, pose or flow.")
    String control;

    @Option(names = "--control-strength", defaultValue = "1.0", description = "Control strength (default: ${DEFAULT-VALUE}).")
    double controlStrength;

    @Option(names = "--mask", paramLabel = "FILE", description = "Mask image or clip: white is regenerated, black kept.")
    Path mask;

    @Option(names = "--outpaint", paramLabel = "Nx", description = "Shrink the source by N into the centre and paint the border.")
    String outpaint;

    @Option(names = "--extend", paramLabel = "FILE", description = "A clip to extend by --seconds.")
    Path extend;

    @Option(names = "--seconds", description = "Seconds to generate, past the model's window by extension (default: "
            + "the model's window; with --strength the source's length; with --extend, seconds added).")
    Double seconds;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--steps", defaultValue = "24", description = "Sampling steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--guidance", defaultValue = "3.0", description = "Classifier-free guidance (default: ${DEFAULT-VALUE}).")
    double guidance;

    @Option(names = "--sampler", defaultValue = "euler", description = "euler or heun (default: ${DEFAULT-VALUE}).")
    String sampler;

    @Option(names = "--negative", defaultValue = "", description = "Negative prompt.")
    String negative;

    @Option(names = "--upscale", defaultValue = "auto", paramLabel = "WxH|auto|none", description = "Resize the result "
            + "for viewing: WxH, auto (a whole factor up to at least 512 pixels a side) or none (default: ${DEFAULT-VALUE}).")
    String upscale;

    @Option(names = "--visible-label", description = "Burn a visible \"AI-generated\" label into a corner (recorded in the manifest).")
    boolean visibleLabel;

    @Option(names = "--no-credentials", description = "Write the output without the watermark and Content Credentials.")
    boolean noCredentials;

    @Option(names = "--generation-id", paramLabel = "ID",
            description = "Identifies this generation in the ledger; a retry with the same id credits nothing twice (default: a random UUID).")
    String generationId;

    @Option(names = "--credit-minor-units", paramLabel = "N",
            description = "Credit to the model's contributors (default: credit.minor-units in ledger.properties of the Auteur home, else 10).")
    Long creditMinorUnits;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path modelDir = model != null ? model : bundledModel();
        if (model == null && !Files.isDirectory(modelDir)) {
            throw new GenerationException("the bundled model is not at " + modelDir + "; train one with 'auteur train "
                    + "--data DIR --config tiny --out " + modelDir + "' or pass --model DIR");
        }
        GenerationOrder order = order();
        GenerationService service = new GenerationService(AuteurHome.current(), Limits.DEFAULT.withMaxFrameCount(10_000));
        PrintWriter err = spec.commandLine().getErr();
        GenerationService.Outcome outcome;
        try (VideoModel loaded = VideoModel.load(modelDir, VideoModel.defaultDevice());
             ProgressBar bar = Progress.bar("Generating", steps, "steps")) {
            outcome = service.generate(order, modelDir, loaded, new GenerationService.Listener() {
                @Override
                public void warning(String message) {
                    err.println("auteur: warning: " + message);
                }

                @Override
                public void stepsDone(int done, int total) {
                    bar.maxHint(total);
                    bar.stepTo(done);
                }
            });
        }
        spec.commandLine().getOut().printf("wrote %s (%dx%d, %d frame%s, model %s, seed %d, %d steps, %.1f s)%n",
                output, outcome.width(), outcome.height(), outcome.frames(), outcome.frames() == 1 ? "" : "s",
                outcome.model(), seed, steps, outcome.millis() / 1000.0);
        outcome.credit().ifPresent(line -> spec.commandLine().getOut().println(line));
        return 0;
    }

    /** The order these options make; contradictory options are refused here, before the model is loaded. */
    private GenerationOrder order() {
        GenerationOrder.Inputs inputs = new GenerationOrder.Inputs(Optional.ofNullable(image),
                Optional.ofNullable(lastImage), Optional.ofNullable(video), Optional.ofNullable(mask),
                Optional.ofNullable(control).map(text -> GenerationOrder.ControlInput.parse(text, controlStrength)),
                Optional.ofNullable(extend), Optional.ofNullable(outpaint),
                strength == null ? OptionalDouble.empty() : OptionalDouble.of(strength));
        return new GenerationOrder(prompt, inputs, output,
                seconds == null ? OptionalDouble.empty() : OptionalDouble.of(seconds), seed, steps, guidance, sampler,
                negative, upscale, visibleLabel, !noCredentials,
                generationId != null ? generationId : UUID.randomUUID().toString(), Optional.ofNullable(creditMinorUnits));
    }

    /** The bundled model: models/worlds-tiny beside the launcher (AUTEUR_MODELS), else under the working folder. */
    static Path bundledModel() {
        return BundledModel.directory();
    }
}
