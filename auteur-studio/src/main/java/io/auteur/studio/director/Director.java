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
 *   <li>generate the shot with that frame known and the blockout as control, starting from the blockout's picture
 *       noised to the blockout strength (video-to-video; at 1 that is pure noise); a shot longer than the model's
 *       window is extended window by window ({@link GenerationPipeline#generateAnyLength}).</li>
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
            total += (long) GenerationPipeline.windows(shot.frames(), config.frames()) * settings.steps();
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
            done[0] = before + (long) GenerationPipeline.windows(shot.frames(), config.frames()) * settings.steps();
        }
        return takes;
    }

    private Take take(ShotPlan shot, Optional<Clip> previous, ModelConfig config, GenerationPipeline.Progress progress) {
        long start = System.nanoTime();
        int w = config.width(), h = config.height(), window = config.frames();
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
        // 3. The shot: its first window, then extension windows (overlap blending), each steered by its own stretch
        // of the blockout's control and started from its own stretch of the blockout's picture.
        Generation request = new Generation(shot.prompt(), "", shot.frames(), settings.seed() + shot.number(),
                settings.steps(), settings.guidance(), settings.sampler(),
                firstFrame.map(rgb -> knownFirstFrame(rgb, shot.frames(), w, h, config.fps())), control, List.of(),
                Optional.of(new Generation.Source(blockout.picture(), settings.blockoutStrength())));
        Clip clip = pipeline.generateAnyLength(request, progress).clip();
        return new Take(shot, clip, shot.frames() > window, (System.nanoTime() - start) / 1_000_000);
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
