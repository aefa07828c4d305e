package io.auteur.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.auteur.media.Clip;
import io.auteur.previs.caption.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import java.util.SplittableRandom;

/**
 * One pipeline for every mode: a {@link Generation} in, frames out. Reads as the algorithm: check the request,
 * encode the prompt, prepare the known and control latents, list the times, draw the noise, denoise with the known
 * latents pinned, decode, and put the known pixels back.
 */
public final class GenerationPipeline {
    private final VideoModel model;

    /** Receives progress: sampling steps done out of the total. */
    @FunctionalInterface
    public interface Progress {
        void stepsDone(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    /**
     * @param clip the frames, known pixels put back exactly where the mask says they are given
     * @param raw  the decoded frames before that blend
     */
    public record Result(Clip clip, Clip raw, Generation request, String model, long millis) {}

    public GenerationPipeline(VideoModel model) {
        this.model = model;
    }

    public VideoModel model() {
        return model;
    }

    public Result generate(Generation request, Progress progress) {
        long start = System.nanoTime();
        ModelConfig config = model.config();
        // 1. Check the request before any work.
        checkInputs(request);
        NDManager manager = model.manager();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            // 2. Encode the prompt, and the negative prompt for classifier-free guidance.
            boolean guided = request.guidance() > 1.0;
            int[][] ids = guided
                    ? new int[][] {tokens(request.prompt()), tokens(request.negativePrompt())}
                    : new int[][] {tokens(request.prompt())};
            TextEncoder.Encoded text = model.text().encode(manager, ids);
            // 3. Known latents, their mask, and control latents.
            int latentFrames = config.latentFrames(request.frames());
            Denoiser.Conditions conditions = conditions(request, latentFrames, text, guided);
            // 4. Times, compressed into [0, strength] when a source clip is where sampling starts; 5. noise.
            Sampler sampler = Sampler.named(request.sampler());
            float[] times = sampler.timesteps(request.steps());
            float startTime = request.source().map(s -> (float) s.strength()).orElse(1f);
            for (int i = 0; i < times.length; i++) {
                times[i] *= startTime;
            }
            NDArray noise = noise(manager, request.seed(), latentFrames);
            NDArray x = request.source().isEmpty() ? noise : sourceLatents(request.source().get(), request.frames())
                    .mul(1f - startTime).add(noise.mul(startTime));
            // 6. Denoise, the known latents pinned.
            Sampler.Velocity velocity = (latents, t) -> velocity(latents, t, conditions, guided ? request.guidance() : 1.0);
            Optional<Pinning> pinning = request.known().map(k -> Pinning.of(conditions, noise));
            if (pinning.isPresent()) {
                x = pinning.get().at(x, startTime);
            }
            for (int i = 0; i < request.steps(); i++) {
                // Each step's activations are freed as soon as the step is done; only the new latents survive.
                NDArray next;
                try (NDScope step = new NDScope()) {
                    step.suppressNotUsedWarning();
                    next = sampler.step(velocity, x, times[i], times[i + 1]);
                    if (pinning.isPresent()) {
                        next = pinning.get().at(next, times[i + 1]);
                    }
                    NDScope.unregister(next);
                }
                if (x != noise) {
                    x.close();
                }
                x = next;
                NDScope.register(x);
                progress.stepsDone(i + 1, request.steps());
            }
            // 7. Decode, trim, put the known pixels back.
            Clip raw = toClip(model.decodeLatents(x), request.frames(), config.fps());
            Clip blended = request.known().map(k -> blend(k, raw)).orElse(raw);
            return new Result(blended, raw, request, config.name() + "@" + config.version(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * A request of any length: up to the model's window it is {@link #generate}; beyond it the first window is
     * generated with the request's known pixels and the first stretch of its control and source clip, and the rest
     * by {@link #extend} (seed + 1000 on), each window steered by its own stretch of the control and the source,
     * both stretched over the whole length first. Known pixels past the first window are refused: only extension
     * knows frames there.
     */
    public Result generateAnyLength(Generation request, Progress progress) {
        int window = model.config().frames(), total = request.frames();
        if (total <= window) {
            return generate(request, progress);
        }
        long start = System.nanoTime();
        Optional<Generation.KnownPixels> known = request.known().map(k -> firstWindow(k, total, window));
        Optional<Generation.Control> control = request.control().map(c -> new Generation.Control(c.kind(),
                Pictures.resampleFrames(c.clip(), total).frames(0, window), c.strength()));
        Optional<Generation.Source> source = request.source().map(s -> new Generation.Source(
                Pictures.resampleFrames(s.clip(), total).frames(0, window), s.strength()));
        Generation first = new Generation(request.prompt(), request.negativePrompt(), window, request.seed(),
                request.steps(), request.guidance(), request.sampler(), known, control, request.references(), source);
        int windows = windows(total, window);
        Result head = generate(first, (d, t) -> progress.stepsDone(d, windows * request.steps()));
        Generation rest = new Generation(request.prompt(), request.negativePrompt(), window, request.seed() + 1000,
                request.steps(), request.guidance(), request.sampler(), Optional.empty(), request.control(),
                request.references(), request.source());
        Result tail = extend(head.clip(), total - window, rest,
                (d, t) -> progress.stepsDone(request.steps() + d, windows * request.steps()));
        return new Result(tail.clip(), tail.raw(), request, tail.model(), (System.nanoTime() - start) / 1_000_000);
    }

    /** How many windows of the model {@link #generateAnyLength} takes for {@code frames}, as extension slides. */
    public static int windows(int frames, int window) {
        if (frames <= window) {
            return 1;
        }
        int stride = window - Math.max(1, window / 4);
        if (stride < 1) {
            throw new GenerationException("the model window of " + window + " frames is too short to extend");
        }
        return 1 + (frames - window + stride - 1) / stride;
    }

    private static Generation.KnownPixels firstWindow(Generation.KnownPixels known, int total, int window) {
        Clip pixels = known.pixels();
        int plane = pixels.width() * pixels.height();
        for (int i = window * plane; i < known.mask().length; i++) {
            if (known.mask()[i] != 0) {
                throw new GenerationException("given pixels after the model's window of " + window + " frames (of "
                        + total + "): give a first frame only, or generate " + window + " frames and extend them");
            }
        }
        return new Generation.KnownPixels(pixels.frames(0, window), Arrays.copyOf(known.mask(), window * plane));
    }

    /**
     * Extends {@code source} by {@code extraFrames} with a sliding window: each window knows the last
     * {@code overlap} frames so far and generates the rest; across the overlap the new window's frames are
     * cross-faded in, so length is unbounded and seams are soft.
     *
     * <p>A control in {@code request} steers the whole result, source and extension: it is stretched in time over
     * their {@code source.frameCount() + extraFrames} frames (as {@link #generate} stretches a control over its
     * window), and each window follows its own stretch of it. A source clip to start from (video-to-video) is
     * stretched and cut the same way.
     */
    public Result extend(Clip source, int extraFrames, Generation request, Progress progress) {
        ModelConfig config = model.config();
        checkSize(source, "the clip to extend");
        if (extraFrames < 1 || extraFrames > 100_000) {
            throw new GenerationException("extension must add 1 to 100000 frames, was " + extraFrames);
        }
        int window = config.frames();
        int overlap = Math.max(1, Math.min(source.frameCount(), window / 4));
        if (window - overlap < 1) {
            throw new GenerationException("the model window of " + window + " frames is too short to extend");
        }
        long start = System.nanoTime();
        List<byte[]> frames = new ArrayList<>();
        for (int t = 0; t < source.frameCount(); t++) {
            frames.add(source.frameRgb(t));
        }
        int windows = (extraFrames + window - overlap - 1) / (window - overlap);
        int plane = config.width() * config.height();
        Optional<Clip> control = request.control().map(c -> Pictures.resampleFrames(c.clip(),
                source.frameCount() + extraFrames));
        Optional<Clip> sourceStart = request.source().map(s -> Pictures.resampleFrames(s.clip(),
                source.frameCount() + extraFrames));
        Clip lastRaw = null;
        for (int w = 0; w < windows; w++) {
            int first = frames.size() - overlap;
            List<byte[]> context = frames.subList(first, frames.size());
            List<byte[]> knownFrames = new ArrayList<>(context);
            byte[] mask = new byte[window * plane];
            Arrays.fill(mask, 0, overlap * plane, (byte) 255);
            while (knownFrames.size() < window) {
                knownFrames.add(new byte[plane * 3]);
            }
            Generation part = request.withFrames(window).withSeed(request.seed() + w)
                    .withKnown(new Generation.KnownPixels(Clip.of(knownFrames, config.width(), config.height(), config.fps()), mask));
            if (control.isPresent()) {
                Generation.Control given = request.control().get();
                part = part.withControl(new Generation.Control(given.kind(), span(control.get(), first, window),
                        given.strength()));
            }
            if (sourceStart.isPresent()) {
                part = part.withSource(new Generation.Source(span(sourceStart.get(), first, window),
                        request.source().get().strength()));
            }
            int done = w;
            Result result = generate(part, (d, total) -> progress.stepsDone(done * total + d, windows * total));
            lastRaw = result.raw();
            for (int i = 0; i < overlap; i++) {
                double weight = (i + 1.0) / (overlap + 1.0);
                byte[] old = frames.get(frames.size() - overlap + i);
                byte[] fresh = result.raw().frameRgb(i);
                byte[] mixed = new byte[old.length];
                for (int p = 0; p < old.length; p++) {
                    mixed[p] = (byte) Math.round((1 - weight) * (old[p] & 0xff) + weight * (fresh[p] & 0xff));
                }
                frames.set(frames.size() - overlap + i, mixed);
            }
            int wanted = source.frameCount() + extraFrames - frames.size();
            for (int i = overlap; i < window && wanted > 0; i++, wanted--) {
                frames.add(result.clip().frameRgb(i));
            }
        }
        Clip out = Clip.of(frames, config.width(), config.height(), config.fps());
        return new Result(out, lastRaw, request, config.name() + "@" + config.version(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Frames {@code from} to {@code from + count} of {@code clip}, its last frame held past its end. */
    private static Clip span(Clip clip, int from, int count) {
        List<byte[]> out = new ArrayList<>(count);
        for (int t = from; t < from + count; t++) {
            out.add(clip.frameRgb(Math.min(t, clip.frameCount() - 1)));
        }
        return Clip.of(out, clip.width(), clip.height(), clip.fps());
    }

    private void checkInputs(Generation request) {
        ModelConfig config = model.config();
        if (request.frames() > config.frames()) {
            throw new GenerationException(request.frames() + " frames exceed the model's window of " + config.frames()
                    + "; generate " + config.frames() + " and extend the clip for more");
        }
        List<String> unknown = model.tokenizer().unknownWords(request.prompt() + " " + request.negativePrompt());
        if (!unknown.isEmpty()) {
            String word = unknown.get(0);
            throw new GenerationException("the model does not know the word '" + word + "'" + suggestion(word)
                    + (unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more unknown words)" : ""));
        }
        if (!request.references().isEmpty()) {
            // Kept in the request for the director; no model here is trained on reference images yet, and
            // silently ignoring them would promise a consistency nobody measured.
            throw new GenerationException("this model takes no reference images; give the look through --image "
                    + "(first frame) instead");
        }
        int maxTokens = model.text().maxTokens();
        Tokenizer.tooLong("prompt", request.prompt(), maxTokens).ifPresent(reason -> {
            throw new GenerationException(reason);
        });
        Tokenizer.tooLong("negative prompt", request.negativePrompt(), maxTokens).ifPresent(reason -> {
            throw new GenerationException(reason);
        });
        request.known().ifPresent(k -> {
            checkSize(k.pixels(), "the known pixels");
            if (k.pixels().frameCount() != request.frames()) {
                throw new GenerationException("the known clip has " + k.pixels().frameCount() + " frames but "
                        + request.frames() + " are requested");
            }
        });
        request.control().ifPresent(c -> checkSize(c.clip(), "the " + c.kind() + " control"));
        request.source().ifPresent(s -> checkSize(s.clip(), "the source clip"));
    }

    /** The source clip's latents, the clean end of the path video-to-video sampling starts on. */
    private NDArray sourceLatents(Generation.Source source, int frames) {
        return model.encodeLatents(Pictures.toTensor(model.manager(), Pictures.resampleFrames(source.clip(), frames)));
    }

    private void checkSize(Clip clip, String what) {
        ModelConfig config = model.config();
        if (clip.width() != config.width() || clip.height() != config.height()) {
            throw new GenerationException(what + " is " + clip.width() + "x" + clip.height() + " but the model makes "
                    + config.width() + "x" + config.height() + "; resize it first (Pictures.fit)");
        }
    }

    private String suggestion(String word) {
        List<String> nearest = model.tokenizer().words().stream().skip(2)
                .sorted(Comparator.comparingInt((String w) -> Vocabulary.editDistance(w, word)).thenComparing(w -> w))
                .limit(3).toList();
        return nearest.isEmpty() ? "" : "; did you mean " + String.join(", ", nearest) + "?";
    }

    private int[] tokens(String text) {
        return model.tokenizer().encode(text, model.text().maxTokens());
    }

    private Denoiser.Conditions conditions(Generation request, int latentFrames, TextEncoder.Encoded text, boolean guided) {
        ModelConfig config = model.config();
        NDManager manager = model.manager();
        int c = config.vae().latentChannels(), h = config.latentHeight(), w = config.latentWidth();
        NDArray known = manager.zeros(new Shape(1, c, latentFrames, h, w));
        NDArray knownMask = manager.zeros(new Shape(1, 1, latentFrames, h, w));
        if (request.known().isPresent()) {
            Generation.KnownPixels k = request.known().get();
            NDArray pixelMask = pixelMask(manager, k.mask(), k.pixels().frameCount(), config.height(), config.width());
            NDArray given = Pictures.toTensor(manager, k.pixels()).mul(pixelMask);
            knownMask = latentMask(k.mask(), k.pixels().frameCount(), latentFrames);
            known = model.encodeLatents(given).mul(knownMask);
        }
        NDArray control = manager.zeros(new Shape(1, c, latentFrames, h, w));
        int kind = 0;
        if (request.control().isPresent()) {
            Generation.Control ctl = request.control().get();
            Clip resampled = Pictures.resampleFrames(ctl.clip(), request.frames());
            control = model.encodeLatents(Pictures.toTensor(manager, resampled)).mul((float) ctl.strength());
            kind = Denoiser.CONTROL_KINDS.indexOf(ctl.kind());
        }
        if (!guided) {
            return new Denoiser.Conditions(known, knownMask, control, new int[] {kind}, text);
        }
        // Guided: the second, unconditional sample has neither the prompt nor the control (the model learnt both
        // without either), so guidance pushes towards the control as well as the prompt. On the held-out edge
        // controls this took edge F1 from 0.345 to 0.523 at guidance 3 (docs/benchmarks.md).
        return new Denoiser.Conditions(known.repeat(0, 2), knownMask.repeat(0, 2), control.concat(control.zerosLike(), 0),
                new int[] {kind, 0}, text);
    }

    /**
     * Puts the known latents back into the latents at each step's time, noised along the path that started at
     * {@code noise}: the model's own guess there is discarded after every step, so at t = 0 the known latents are
     * exactly the given pixels' encoding and only the unknown ones are generated. The denoiser still sees them as
     * input channels; pinning makes sure it cannot drift from them (diffusers' in-painting for models without mask
     * channels and LTX-Video's first-frame conditioning do the same). The parts are sliced from the conditions once,
     * for every step.
     */
    private record Pinning(NDArray known, NDArray mask, NDArray unknown, NDArray noise) {
        static Pinning of(Denoiser.Conditions conditions, NDArray noise) {
            NDArray mask = conditions.knownMask().get("0:1");
            return new Pinning(conditions.known().get("0:1"), mask, mask.neg().add(1f), noise);
        }

        NDArray at(NDArray x, float t) {
            return x.mul(unknown).add(known.mul(1f - t).add(noise.mul(t)).mul(mask));
        }
    }

    /**
     * Classifier-free guidance: v = v(negative) + g (v(prompt) - v(negative)), both in one batch; the negative sample
     * also goes without the control.
     */
    private NDArray velocity(NDArray latents, float t, Denoiser.Conditions conditions, double guidance) {
        NDManager manager = model.manager();
        if (guidance <= 1.0) {
            return model.denoiser().velocity(latents, manager.create(new float[] {t}), conditions);
        }
        NDArray both = model.denoiser().velocity(latents.repeat(0, 2), manager.create(new float[] {t, t}), conditions);
        NDArray conditional = both.get("0:1");
        NDArray unconditional = both.get("1:2");
        return unconditional.add(conditional.sub(unconditional).mul((float) guidance));
    }

    private NDArray noise(NDManager manager, long seed, int latentFrames) {
        ModelConfig config = model.config();
        int c = config.vae().latentChannels();
        float[] values = new float[c * latentFrames * config.latentHeight() * config.latentWidth()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return manager.create(values, new Shape(1, c, latentFrames, config.latentHeight(), config.latentWidth()));
    }

    /** The 0/1 pixel mask [1, 1, frames, h, w] of a 0..255 byte mask. */
    static NDArray pixelMask(NDManager manager, byte[] mask, int frames, int height, int width) {
        float[] values = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            values[i] = (mask[i] & 0xff) >= 128 ? 1f : 0f;
        }
        return manager.create(values, new Shape(1, 1, frames, height, width));
    }

    /**
     * Latent positions are known only where every picture pixel they stand for is given: latent frame 0 stands for
     * picture frame 0, latent frame j for frames 2j - 1 and 2j, and each latent pixel for a block of f x f pixels.
     */
    NDArray latentMask(byte[] mask, int frames, int latentFrames) {
        ModelConfig config = model.config();
        return model.manager().create(Pictures.latentMask(mask, frames, config.width(), config.height(),
                latentFrames, config.vae().spatialFactor()),
                new Shape(1, 1, latentFrames, config.latentHeight(), config.latentWidth()));
    }

    private static Clip toClip(NDArray pictures, int frames, double fps) {
        Shape shape = pictures.getShape();
        NDArray trimmed = pictures.get(":, :, 0:" + frames).squeeze(0).transpose(1, 0, 2, 3);
        return Clip.fromTensor(trimmed.toFloatArray(), frames, (int) shape.get(3), (int) shape.get(4), fps);
    }

    private static Clip blend(Generation.KnownPixels known, Clip generated) {
        Clip pixels = known.pixels();
        int plane = pixels.width() * pixels.height();
        List<byte[]> frames = new ArrayList<>();
        for (int t = 0; t < generated.frameCount(); t++) {
            byte[] out = generated.frameRgb(t);
            byte[] given = pixels.frameRgb(t);
            for (int i = 0; i < plane; i++) {
                if ((known.mask()[t * plane + i] & 0xff) >= 128) {
                    out[i * 3] = given[i * 3];
                    out[i * 3 + 1] = given[i * 3 + 1];
                    out[i * 3 + 2] = given[i * 3 + 2];
                }
            }
            frames.add(out);
        }
        return Clip.of(frames, generated.width(), generated.height(), generated.fps());
    }
}
