package io.auteur.vision;

import io.auteur.media.MediaException;
import java.util.Objects;

/**
 * A clip or control that a vision measurement or extraction cannot use. The message names the input, what
 * is wrong and what was expected; {@link #problem()} says which kind of wrong, for callers that react to it.
 */
public final class VisionException extends MediaException {
    /** The kinds of unusable input. */
    public enum Problem {
        /** The measure needs more frames than the clip has (flicker needs 2, motion smoothness 3). */
        TOO_FEW_FRAMES,
        /** Two clips (or a clip and per-frame data) that must line up differ in width or height. */
        SIZE_MISMATCH,
        /** Two clips (or a clip and per-frame data) that must line up differ in frame count. */
        FRAME_COUNT_MISMATCH,
        /** Nothing to measure: no frames, no keypoints, no edges, or only flat frames. */
        EMPTY,
        /** An argument outside its documented range. */
        BAD_ARGUMENT
    }

    private final Problem problem;

    public VisionException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
