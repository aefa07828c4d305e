package io.auteur.studio.generation;

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
import io.auteur.studio.home.AuteurHome;
import io.auteur.studio.media.MediaType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a {@link GenerationOrder} on a loaded model: the one way every generation is made, whether the CLI or a
 * server job asks. It reads and fits the inputs, samples (reporting each step), enlarges for viewing, burns the
 * visible label when asked, watermarks and signs the output with the Auteur home's credentials (recording the
 * manifest), and credits the model's contributors in the ledger.
 */
public final class GenerationService {
    /** {@code upscale auto} enlarges by a whole factor until the shorter side is at least this many pixels. */
    private static final int VIEW_SIDE = 512;

    private final AuteurHome home;
    private final Limits inputLimits;

    /**
     * @param home        whose watermark key, signing credential, settings and database seal and record the outputs
     * @param inputLimits the fence every input file is decoded behind
     */
    public GenerationService(AuteurHome home, Limits inputLimits) {
        this.home = Objects.requireNonNull(home, "home");
        this.inputLimits = Objects.requireNonNull(inputLimits, "inputLimits");
    }

    /** Hears what a generation does; every method has a no-op default. */
    public interface Listener {
        /** Something the user should know that does not stop the generation. */
        default void warning(String message) {}

        /** Sampling steps done out of the total (an extension counts the steps of all its windows). */
        default void stepsDone(int done, int total) {}

        Listener NONE = new Listener() {};
    }

    /**
     * What was written.
     *
     * @param credit what was credited in the ledger, when the model learned from contributed media
     */
    public record Outcome(Path output, Mode mode, int width, int height, int frames, String model, long millis,
                          Optional<String> credit) {}

    public Outcome generate(GenerationOrder order, Path modelDir, VideoModel model, Listener listener)
            throws IOException {
        // 1. Check what depends on the model, and what the model's data asks of every output.
        ModelConfig config = model.config();
        GenerationConsent consent = GenerationConsent.forModel(home, modelDir);
        consent.warnIfRevoked(listener::warning);
        int[] viewSize = viewSize(order.upscale(), config.width(), config.height());
        int frames = order.still() ? 1 : order.seconds().isEmpty() || order.inputs().extend().isPresent()
                ? config.frames() : (int) Math.max(1, Math.round(order.seconds().getAsDouble() * config.fps()));
        // Video-to-video: the clip sampling starts from, read once; the engine stretches it over the frames.
        Optional<Clip> start = order.inputs().strength().isPresent()
                ? Optional.of(fitted(read(order.inputs().video().orElseThrow()), config, "the video"))
                : Optional.empty();
        if (start.isPresent() && order.seconds().isEmpty() && !order.still()) {
            // It keeps the source's length (and so its timing) unless --seconds says otherwise.
            double seconds = Math.min(start.get().frameCount() / start.get().fps(), GenerationOrder.MAX_SECONDS);
            frames = (int) Math.max(1, Math.round(seconds * config.fps()));
        }
        // 2. Build the request with its known pixels, control and starting clip.
        Generation request = new Generation(order.prompt(), order.negativePrompt(), frames, order.seed(), order.steps(),
                order.guidance(), order.sampler(), Optional.empty(), Optional.empty(), List.of(),
                start.map(clip -> new Generation.Source(clip, order.inputs().strength().getAsDouble())));
        request = withConditioning(request, order.inputs(), config, frames);
        // 3. Sample.
        GenerationPipeline pipeline = new GenerationPipeline(model);
        GenerationPipeline.Progress progress = listener::stepsDone;
        GenerationPipeline.Result result;
        if (order.inputs().extend().isPresent()) {
            Clip source = fitted(read(order.inputs().extend().get()), config, "the clip to extend");
            int extra = (int) Math.max(1, Math.round(order.seconds().orElse(2.0) * config.fps()));
            result = pipeline.extend(source, extra, request, progress);
        } else {
            result = pipeline.generateAnyLength(request, progress);
        }
        // 4. Show it at viewing size, label and watermark it, write it, sign it.
        Clip clip = viewSize == null ? result.clip() : Pictures.resize(result.clip(), viewSize[0], viewSize[1]);
        if (order.visibleLabel()) {
            clip = VisibleLabel.aiGenerated().burnInto(clip);
        }
        Payload payload = null;
        if (order.credentials()) {
            AuteurHome.Marked marked = home.watermark(clip,
                    order.still() ? AuteurHome.Delivery.STILL : AuteurHome.Delivery.VIDEO);
            clip = marked.clip();
            payload = marked.payload();
        }
        write(clip, order.output(), order.still());
        if (order.credentials()) {
            home.sign(order.output(), consent.annotate(manifest(order, config), config, order.generationId()), payload);
        }
        // 5. Credit the contributors of the model's data.
        Optional<String> credit = consent.credit(order.generationId(), config, order.creditMinorUnits().orElse(null),
                order.output());
        return new Outcome(order.output(), order.mode(), clip.width(), clip.height(), clip.frameCount(),
                result.model(), result.millis(), credit);
    }

    /**
     * What the manifest says: a new clip created by the model, or an edit of the clip it extends or paints into
     * (that clip its parentOf ingredient), with every other input as an inputTo ingredient.
     */
    private static ManifestDefinition manifest(GenerationOrder order, ModelConfig config) {
        GenerationOrder.Inputs in = order.inputs();
        String title = order.output().getFileName().toString();
        Path parent = in.extend().orElse(in.mask().isPresent() || in.outpaint().isPresent()
                ? in.video().orElse(in.image().orElse(null)) : null);
        ManifestDefinition definition = parent == null
                ? ManifestDefinition.generated(title, config.name(), config.version())
                : ManifestDefinition.editOf(title, Ingredient.of(parent, Relationship.PARENT_OF), config.name(), config.version());
        List<Path> others = new ArrayList<>();
        in.image().ifPresent(others::add);
        in.video().ifPresent(others::add);
        in.lastImage().ifPresent(others::add);
        in.mask().ifPresent(others::add);
        in.control().ifPresent(control -> others.add(control.clip()));
        for (Path input : others) {
            if (!input.equals(parent)) {
                definition = definition.withIngredient(Ingredient.of(input, Relationship.INPUT_TO));
            }
        }
        return order.visibleLabel() ? definition.withAction(VisibleLabel.aiGenerated().action()) : definition;
    }

    /** The size to show the result at, or null to keep the model's size. */
    private static int[] viewSize(String upscale, int width, int height) {
        return switch (upscale.toLowerCase(Locale.ROOT)) {
            case "none" -> null;
            case "auto" -> {
                int factor = (int) Math.ceil(VIEW_SIDE / (double) Math.min(width, height));
                yield factor <= 1 ? null : new int[] {width * factor, height * factor};
            }
            default -> GenerationOrder.fixedViewSize(upscale).orElseThrow();
        };
    }

    private Generation withConditioning(Generation request, GenerationOrder.Inputs in, ModelConfig config, int frames) {
        int w = config.width(), h = config.height();
        if (in.control().isPresent()) {
            GenerationOrder.ControlInput control = in.control().get();
            Clip clip = read(control.clip());
            request = request.withControl(new Generation.Control(control.kind(), fitted(clip, config, "the control clip"),
                    control.strength()));
        }
        if (in.mask().isPresent() || in.outpaint().isPresent()) {
            Clip source = in.image().isPresent()
                    ? repeated(fitted(read(in.image().get()), config, "the image").frames(0, 1), frames)
                    : Pictures.resampleFrames(fitted(read(in.video().orElseThrow()), config, "the video"), frames);
            if (in.outpaint().isPresent()) {
                double factor = GenerationOrder.outpaintFactor(in.outpaint().get());
                Clip small = Pictures.resize(source, (int) Math.round(w / factor), (int) Math.round(h / factor));
                return request.withKnown(new Generation.KnownPixels(centred(small, w, h), Masks.centre(frames, w, h, factor)));
            }
            return request.withKnown(new Generation.KnownPixels(source, givenMask(in.mask().get(), frames, config)));
        }
        if (in.image().isPresent() || in.lastImage().isPresent()) {
            byte[] black = new byte[w * h * 3];
            List<byte[]> known = new ArrayList<>();
            for (int t = 0; t < frames; t++) {
                known.add(black);
            }
            List<Integer> given = new ArrayList<>();
            if (in.image().isPresent()) {
                known.set(0, fitted(read(in.image().get()), config, "the image").frameRgb(0));
                given.add(0);
            }
            if (in.lastImage().isPresent()) {
                if (frames < 2) {
                    throw new GenerationException("--last-image needs at least two frames");
                }
                known.set(frames - 1, fitted(read(in.lastImage().get()), config, "the last image").frameRgb(0));
                given.add(frames - 1);
            }
            return request.withKnown(new Generation.KnownPixels(Clip.of(known, w, h, config.fps()),
                    Masks.frames(frames, w, h, given.stream().mapToInt(Integer::intValue).toArray())));
        }
        return request;
    }

    /** Our masks say 255 = given; a user's mask picture says white = regenerate, so it is inverted here. */
    private byte[] givenMask(Path mask, int frames, ModelConfig config) {
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

    private static Clip centred(Clip small, int width, int height) {
        int x0 = (width - small.width()) / 2, y0 = (height - small.height()) / 2;
        List<byte[]> frames = new ArrayList<>();
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
        List<byte[]> out = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            out.add(still.frameRgb(0));
        }
        return Clip.of(out, still.width(), still.height(), still.fps());
    }

    /**
     * Fits a picture to the model size by scaling and centre-cropping; a picture whose shape is far from the
     * model's (more than half of it would be cut away) is refused rather than silently mangled.
     */
    public static Clip fitted(Clip clip, ModelConfig config, String what) {
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

    /** Reads an input as what its first bytes say it is (a still or a video), behind the input limits. */
    private Clip read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GenerationException(file + ": no such file");
        }
        Optional<MediaType> type;
        try {
            type = MediaType.sniff(file);
        } catch (IOException e) {
            throw new GenerationException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return type.isPresent() && type.get().still() ? Stills.read(file, inputLimits) : Video.read(file, inputLimits);
    }

    private static void write(Clip clip, Path output, boolean still) throws IOException {
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
