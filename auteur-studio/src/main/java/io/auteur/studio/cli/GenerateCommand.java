package io.auteur.studio.cli;

import io.auteur.engine.Denoiser;
import io.auteur.engine.Generation;
import io.auteur.engine.GenerationException;
import io.auteur.engine.GenerationPipeline;
import io.auteur.engine.Masks;
import io.auteur.engine.ModelConfig;
import io.auteur.engine.Pictures;
import io.auteur.engine.VideoModel;
import io.auteur.media.AudioTrack;
import io.auteur.media.Clip;
import io.auteur.media.EncodeOptions;
import io.auteur.media.Limits;
import io.auteur.media.Stills;
import io.auteur.media.Video;
import io.auteur.provenance.c2pa.Ingredient;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.c2pa.Relationship;
import io.auteur.provenance.c2pa.VisibleLabel;
import io.auteur.provenance.watermark.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code auteur generate}: every generation mode from one command, on the bundled model by default. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate a video (or, with -o x.png, an image) from a prompt in the previs language.",
            "Modes: text only; --image (image-to-video); --image and --last-image (interpolation); --control "
                + "KIND:clip.mp4 (depth, edges, pose or flow); --mask with --image or --video (in-painting: white is "
                + "regenerated); --outpaint 2x with --image or --video; --extend clip.mp4 --seconds N.",
            "Example: auteur generate \"a red sphere bounces to the right on a checkered floor\" -o out.mp4"})
final class GenerateCommand implements Callable<Integer> {
    /** --upscale auto enlarges by a whole factor until the shorter side is at least this many pixels. */
    private static final int VIEW_SIDE = 512;
    private static final int MAX_VIEW_SIDE = 4096;

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

    @Option(names = "--video", paramLabel = "FILE", description = "Source clip for in-painting or out-painting.")
    Path video;

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

    @Option(names = "--seconds", description = "Seconds to generate (default: the model's window; with --extend, seconds added).")
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
        boolean still = output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png");
        checkOutput(still);
        String generation = generationId != null ? generationId : java.util.UUID.randomUUID().toString();
        try (GenerationConsent consent = GenerationConsent.forModel(modelDir);
             VideoModel loaded = VideoModel.load(modelDir, VideoModel.defaultDevice())) {
            consent.warnIfRevoked(spec.commandLine().getErr());
            ModelConfig config = loaded.config();
            int[] viewSize = viewSize(config.width(), config.height());
            GenerationPipeline pipeline = new GenerationPipeline(loaded);
            int frames = still ? 1 : seconds == null || extend != null ? config.frames()
                    : (int) Math.max(1, Math.round(seconds * config.fps()));
            Generation request = new Generation(prompt, negative, frames, seed, steps, guidance, sampler,
                    Optional.empty(), Optional.empty(), List.of());
            request = withConditioning(request, config, frames);
            GenerationPipeline.Result result;
            try (ProgressBar bar = Progress.bar("Generating", steps, "steps")) {
                GenerationPipeline.Progress progress = (done, total) -> {
                    bar.maxHint(total);
                    bar.stepTo(done);
                };
                if (extend != null) {
                    Clip source = fitted(read(extend), config, "the clip to extend");
                    int extra = (int) Math.max(1, Math.round((seconds == null ? 2.0 : seconds) * config.fps()));
                    result = pipeline.extend(source, extra, request, progress);
                } else {
                    result = pipeline.generate(request, progress);
                }
            }
            Clip clip = viewSize == null ? result.clip() : Pictures.resize(result.clip(), viewSize[0], viewSize[1]);
            if (visibleLabel) {
                clip = VisibleLabel.aiGenerated().burnInto(clip);
            }
            Payload payload = null;
            if (!noCredentials) {
                Sealing.Marked marked = Sealing.watermark(clip);
                clip = marked.clip();
                payload = marked.payload();
            }
            write(clip, still);
            if (!noCredentials) {
                Sealing.sign(output, consent.annotate(manifest(config), config, generation), payload);
            }
            spec.commandLine().getOut().printf("wrote %s (%dx%d, %d frame%s, model %s, seed %d, %d steps, %.1f s)%n",
                    output, clip.width(), clip.height(), clip.frameCount(), clip.frameCount() == 1 ? "" : "s",
                    result.model(), seed, steps, result.millis() / 1000.0);
            consent.credit(generation, config, creditMinorUnits, output).ifPresent(line -> spec.commandLine().getOut().println(line));
            return 0;
        }
    }

    /**
     * What the manifest says: a new clip created by the model, or an edit of the clip it extends or paints into
     * (that clip its parentOf ingredient), with every other input as an inputTo ingredient.
     */
    private ManifestDefinition manifest(ModelConfig config) {
        String title = output.getFileName().toString();
        Path parent = extend != null ? extend : (mask != null || outpaint != null) ? (video != null ? video : image) : null;
        ManifestDefinition definition = parent == null
                ? ManifestDefinition.generated(title, config.name(), config.version())
                : ManifestDefinition.editOf(title, Ingredient.of(parent, Relationship.PARENT_OF), config.name(), config.version());
        for (Path input : new Path[] {image, lastImage, mask, control == null ? null : Path.of(control.substring(control.indexOf(':') + 1))}) {
            if (input != null && !input.equals(parent)) {
                definition = definition.withIngredient(Ingredient.of(input, Relationship.INPUT_TO));
            }
        }
        return visibleLabel ? definition.withAction(VisibleLabel.aiGenerated().action()) : definition;
    }

    /** The size to show the result at, or null to keep the model's size. */
    private int[] viewSize(int width, int height) {
        return switch (upscale.toLowerCase(Locale.ROOT)) {
            case "none" -> null;
            case "auto" -> {
                int factor = (int) Math.ceil(VIEW_SIDE / (double) Math.min(width, height));
                yield factor <= 1 ? null : new int[] {width * factor, height * factor};
            }
            default -> {
                int[] size;
                try {
                    size = PrevisCommand.parseSize(upscale);
                } catch (IllegalArgumentException e) {
                    size = new int[] {0, 0};
                }
                if (size[0] < 16 || size[1] < 16 || size[0] > MAX_VIEW_SIDE || size[1] > MAX_VIEW_SIDE) {
                    throw new GenerationException("--upscale must be WxH with sides from 16 to " + MAX_VIEW_SIDE
                            + ", auto or none; was '" + upscale + "'");
                }
                yield size;
            }
        };
    }

    /** The bundled model: models/worlds-tiny beside the launcher (AUTEUR_MODELS), else under the working folder. */
    static Path bundledModel() {
        String models = System.getenv("AUTEUR_MODELS");
        return (models == null ? Path.of("models") : Path.of(models)).resolve("worlds-tiny");
    }

    private void checkOutput(boolean still) {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!still && !name.endsWith(".mp4") && !name.endsWith(".mkv") && !name.endsWith(".mov")) {
            throw new GenerationException("write .mp4 (or .mkv, .mov) for video or .png for an image, not " + output);
        }
        if (still && (extend != null || lastImage != null || seconds != null)) {
            throw new GenerationException("a .png output is one image: --extend, --last-image and --seconds need a video");
        }
        if (extend != null && (image != null || video != null || mask != null || outpaint != null)) {
            throw new GenerationException("--extend continues a clip; it does not combine with --image, --video, --mask or --outpaint");
        }
        if ((mask != null || outpaint != null) && image == null && video == null) {
            throw new GenerationException("--mask and --outpaint need a source: --image FILE or --video FILE");
        }
        if (mask != null && outpaint != null) {
            throw new GenerationException("choose --mask (in-painting) or --outpaint, not both");
        }
    }

    private Generation withConditioning(Generation request, ModelConfig config, int frames) {
        int w = config.width(), h = config.height();
        if (control != null) {
            int colon = control.indexOf(':');
            if (colon < 1) {
                throw new GenerationException("--control must look like KIND:FILE, e.g. depth:ctl/depth.mp4, was '" + control + "'");
            }
            String kind = control.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!Denoiser.CONTROL_KINDS.contains(kind) || kind.equals("none")) {
                throw new GenerationException("unknown control kind '" + kind + "'; known: depth, edges, pose, flow");
            }
            Clip clip = read(Path.of(control.substring(colon + 1)));
            request = request.withControl(new Generation.Control(kind, fitted(clip, config, "the control clip"), controlStrength));
        }
        if (mask != null || outpaint != null) {
            Clip source = image != null ? repeated(fitted(read(image), config, "the image").frames(0, 1), frames)
                    : Pictures.resampleFrames(fitted(read(video), config, "the video"), frames);
            if (outpaint != null) {
                double factor = outpaintFactor();
                Clip small = Pictures.resize(source, (int) Math.round(w / factor), (int) Math.round(h / factor));
                return request.withKnown(new Generation.KnownPixels(centred(small, w, h), Masks.centre(frames, w, h, factor)));
            }
            return request.withKnown(new Generation.KnownPixels(source, givenMask(frames, config)));
        }
        if (video != null) {
            throw new GenerationException("--video is the source for --mask or --outpaint; use --extend to continue a clip");
        }
        if (image != null || lastImage != null) {
            byte[] black = new byte[w * h * 3];
            List<byte[]> known = new java.util.ArrayList<>();
            for (int t = 0; t < frames; t++) {
                known.add(black);
            }
            java.util.List<Integer> given = new java.util.ArrayList<>();
            if (image != null) {
                known.set(0, fitted(read(image), config, "the image").frameRgb(0));
                given.add(0);
            }
            if (lastImage != null) {
                if (frames < 2) {
                    throw new GenerationException("--last-image needs at least two frames");
                }
                known.set(frames - 1, fitted(read(lastImage), config, "the last image").frameRgb(0));
                given.add(frames - 1);
            }
            return request.withKnown(new Generation.KnownPixels(Clip.of(known, w, h, config.fps()),
                    Masks.frames(frames, w, h, given.stream().mapToInt(Integer::intValue).toArray())));
        }
        return request;
    }

    /** Our masks say 255 = given; a user's mask picture says white = regenerate, so it is inverted here. */
    private byte[] givenMask(int frames, ModelConfig config) {
        Clip picture = Pictures.resampleFrames(fitted(read(mask), config, "the mask"), frames);
        int plane = config.width() * config.height();
        byte[] given = new byte[frames * plane];
        for (int t = 0; t < frames; t++) {
            byte[] rgb = picture.frameRgb(t);
            for (int i = 0; i < plane; i++) {
                int luma = ((rgb[i * 3] & 0xff) * 299 + (rgb[i * 3 + 1] & 0xff) * 587 + (rgb[i * 3 + 2] & 0xff) * 114) / 1000;
                given[t * plane + i] = (byte) (luma >= 128 ? 0 : 255);
            }
        }
        return given;
    }

    private double outpaintFactor() {
        String text = outpaint.toLowerCase(Locale.ROOT).replace("x", "");
        try {
            double factor = Double.parseDouble(text);
            if (factor > 1 && factor <= 4) {
                return factor;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new GenerationException("--outpaint must be a factor in (1, 4] such as 2x, was '" + outpaint + "'");
    }

    private static Clip centred(Clip small, int width, int height) {
        int x0 = (width - small.width()) / 2, y0 = (height - small.height()) / 2;
        List<byte[]> frames = new java.util.ArrayList<>();
        for (int t = 0; t < small.frameCount(); t++) {
            byte[] canvas = new byte[width * height * 3];
            byte[] rgb = small.frameRgb(t);
            for (int y = 0; y < small.height(); y++) {
                System.arraycopy(rgb, y * small.width() * 3, canvas, ((y0 + y) * width + x0) * 3, small.width() * 3);
            }
            frames.add(canvas);
        }
        return Clip.of(frames, width, height, small.fps());
    }

    private static Clip repeated(Clip still, int frames) {
        List<byte[]> out = new java.util.ArrayList<>();
        for (int t = 0; t < frames; t++) {
            out.add(still.frameRgb(0));
        }
        return Clip.of(out, still.width(), still.height(), still.fps());
    }

    /**
     * Fits a picture to the model size by scaling and centre-cropping; a picture whose shape is far from the
     * model's (more than half of it would be cut away) is refused rather than silently mangled.
     */
    static Clip fitted(Clip clip, ModelConfig config, String what) {
        double ratio = (double) clip.width() / clip.height();
        double modelRatio = (double) config.width() / config.height();
        double off = Math.max(ratio / modelRatio, modelRatio / ratio);
        if (off > 2.0) {
            throw new GenerationException(what + " is " + clip.width() + "x" + clip.height() + ": its aspect ratio "
                    + String.format(Locale.ROOT, "%.2f", ratio) + " is too far from the model's "
                    + String.format(Locale.ROOT, "%.2f", modelRatio) + " to crop; crop it nearer " + config.width()
                    + ":" + config.height() + " first");
        }
        return Pictures.fit(clip, config.width(), config.height());
    }

    private static Clip read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GenerationException(file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean picture = name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
        return picture ? Stills.read(file, Limits.DEFAULT) : Video.read(file, Limits.DEFAULT.withMaxFrameCount(10_000));
    }

    private void write(Clip clip, boolean still) throws java.io.IOException {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (still) {
            Stills.write(clip, 0, output);
        } else {
            Video.write(clip, output, EncodeOptions.h264(AudioTrack.none()));
        }
    }
}
