package io.auteur.studio.director;

import io.auteur.engine.Generation;
import io.auteur.engine.GenerationException;
import io.auteur.engine.GenerationPipeline;
import io.auteur.engine.Masks;
import io.auteur.engine.ModelConfig;
import io.auteur.media.Clip;
import io.auteur.previs.ControlKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Shoots a planned film on a model, shot by shot, in order:
 * <ol>
 *   <li>render the shot's blockout at the model's size (the key frame, and the control map of the whole shot);</li>
 *   <li>decide the first frame: a CONTINUOUS shot starts from the previous take's last frame; a CUT shot from its
 *       blockout's key frame (image-to-video, so every shot shows the cast's colours and the set), unless key
 *       frames are off;</li>
 *   <li>generate the model's window with that frame known and the blockout as control, starting from the blockout's
 *       picture noised to the blockout strength (video-to-video; at 1 that is pure noise);</li>
 *   <li>extend a shot longer than the window with the pipeline's sliding-window extension (overlap blending), each
 *       window steered by its stretch of the control.</li>
 * </ol>
 */
public final class Director {
    /**
     * How the takes are made.
     *
     * @param keyframes        start CUT shots from their blockout's key frame
     * @param control          the blockout control map given to the model, or none
     * @param controlStrength  its strength, in [0, 2]
     * @param blockoutStrength sampling starts from the blockout's picture noised to this time (video-to-video), in
     *                         (0, 1]; at 1 it starts from pure noise
     */
    public record Settings(int steps, long seed, double guidance, String sampler, boolean keyframes,
                           Optional<ControlKind> control, double controlStrength, double blockoutStrength) {
        public Settings {
            Objects.requireNonNull(sampler, "sampler");
            Objects.requireNonNull(control, "control");
            if (steps < 1 || steps > Generation.MAX_STEPS) {
                throw new IllegalArgumentException("steps must be in [1, " + Generation.MAX_STEPS + "], was " + steps);
            }
            if (!(controlStrength >= 0 && controlStrength <= 2)) {
                throw new IllegalArgumentException("control strength must be in [0, 2], was " + controlStrength);
            }
            if (!(blockoutStrength > 0 && blockoutStrength <= 1)) {
                throw new IllegalArgumentException("blockout strength must be in (0, 1], was " + blockoutStrength);
            }
            if (control.isPresent() && !List.of(ControlKind.DEPTH, ControlKind.EDGES, ControlKind.POSE, ControlKind.FLOW)
                    .contains(control.get())) {
                throw new IllegalArgumentException("the model takes depth, edges, pose or flow control, not "
                        + control.get().name().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** Hears about the work: which shot is being made, and sampling steps done out of all the film's steps. */
    public interface Listener {
        default void shotStarted(ShotPlan shot) {}

        default void stepsDone(long done, long total) {}

        Listener NONE = new Listener() {};
    }

    /** A generated shot: its plan and frames, and whether it needed extension past the model's window. */
    public record Take(ShotPlan shot, Clip clip, boolean extended, long millis) {}

    private final GenerationPipeline pipeline;
    private final Settings settings;

    public Director(GenerationPipeline pipeline, Settings settings) {
        this.pipeline = pipeline;
        this.settings = settings;
    }

    public List<Take> shoot(FilmPlan plan, Listener listener) {
        ModelConfig config = pipeline.model().config();
        if (Math.abs(plan.fps() - config.fps()) > 1e-9) {
            throw new GenerationException("the plan is at " + plan.fps() + " fps but the model makes " + config.fps()
                    + " fps; plan the film at the model's rate");
        }
        long total = 0;
        for (ShotPlan shot : plan.shots()) {
            total += (long) windows(shot.frames(), config.frames()) * settings.steps();
        }
        long[] done = {0};
        long all = total;
        List<Take> takes = new ArrayList<>();
        for (ShotPlan shot : plan.shots()) {
            listener.shotStarted(shot);
            long before = done[0];
            Optional<Clip> previous = takes.isEmpty() ? Optional.empty() : Optional.of(takes.getLast().clip());
            takes.add(take(shot, previous, config, (stepsDone, stepsTotal) -> {
                done[0] = before + stepsDone;
                listener.stepsDone(done[0], all);
            }));
            done[0] = before + (long) windows(shot.frames(), config.frames()) * settings.steps();
        }
        return takes;
    }

    /** How many generation windows a shot of {@code frames} takes, as {@link GenerationPipeline#extend} slides. */
    static int windows(int frames, int window) {
        if (frames <= window) {
            return 1;
        }
        int overlap = Math.max(1, Math.min(window, window / 4));
        int stride = window - overlap;
        if (stride < 1) {
            throw new GenerationException("the model window of " + window + " frames is too short to extend");
        }
        return 1 + (frames - window + stride - 1) / stride;
    }

    private Take take(ShotPlan shot, Optional<Clip> previous, ModelConfig config, GenerationPipeline.Progress progress) {
        long start = System.nanoTime();
        int w = config.width(), h = config.height(), window = config.frames();
        int first = Math.min(shot.frames(), window);
        // 1. The blockout of the whole shot: key frame, control, and the picture sampling may start from.
        Blockout blockout = Blockout.render(shot, w, h, config.fps(), shot.frames(), settings.control());
        Optional<Generation.Control> control = blockout.control().map(clip -> new Generation.Control(
                settings.control().orElseThrow().name().toLowerCase(Locale.ROOT), clip, settings.controlStrength()));
        // 2. The first frame, when one is given.
        Optional<byte[]> firstFrame = Optional.empty();
        if (shot.continuity() == Continuity.CONTINUOUS) {
            Clip before = previous.orElseThrow(() -> new IllegalStateException("a continuous first shot"));
            firstFrame = Optional.of(before.frameRgb(before.frameCount() - 1));
        } else if (settings.keyframes()) {
            firstFrame = Optional.of(blockout.picture().frameRgb(0));
        }
        long seed = settings.seed() + shot.number();
        Generation.Source source = new Generation.Source(blockout.picture(), settings.blockoutStrength());
        Generation request = new Generation(shot.prompt(), "", first, seed, settings.steps(), settings.guidance(),
                settings.sampler(), firstFrame.map(rgb -> knownFirstFrame(rgb, first, w, h, config.fps())),
                control.map(c -> new Generation.Control(c.kind(), c.clip().frames(0, first), c.strength())), List.of(),
                Optional.of(new Generation.Source(source.clip().frames(0, first), source.strength())));
        // 3. The window.
        int windows = windows(shot.frames(), window);
        GenerationPipeline.Result result = pipeline.generate(request,
                (d, t) -> progress.stepsDone(d, windows * settings.steps()));
        Clip clip = result.clip();
        // 4. Extension: later windows know only the overlap with the frames before them, and each follows its own
        // stretch of the whole shot's control.
        if (shot.frames() > first) {
            Generation more = new Generation(shot.prompt(), "", window, seed + 1000, settings.steps(),
                    settings.guidance(), settings.sampler(), Optional.empty(), control, List.of(), Optional.of(source));
            clip = pipeline.extend(clip, shot.frames() - first, more,
                    (d, t) -> progress.stepsDone(settings.steps() + d, windows * settings.steps())).clip();
        }
        return new Take(shot, clip, shot.frames() > first, (System.nanoTime() - start) / 1_000_000);
    }

    private static Generation.KnownPixels knownFirstFrame(byte[] rgb, int frames, int width, int height, double fps) {
        List<byte[]> known = new ArrayList<>(frames);
        known.add(rgb);
        byte[] black = new byte[width * height * 3];
        for (int t = 1; t < frames; t++) {
            known.add(black);
        }
        return new Generation.KnownPixels(Clip.of(known, width, height, fps), Masks.frames(frames, width, height, 0));
    }
}
