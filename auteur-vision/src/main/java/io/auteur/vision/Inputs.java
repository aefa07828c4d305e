package io.auteur.vision;

import io.auteur.media.Clip;
import io.auteur.vision.VisionException.Problem;
import java.util.Objects;

/** Input checks shared by the public entry points, so every bad input fails the same way with a clear message. */
final class Inputs {
    private Inputs() {}

    static void requireFrames(Clip clip, int minimum, String measure) {
        Objects.requireNonNull(clip, "clip");
        if (clip.frameCount() < minimum) {
            throw new VisionException(Problem.TOO_FEW_FRAMES, measure + " needs a clip of at least " + minimum
                    + " frames, got " + clip);
        }
    }

    static void requireFrame(Clip clip, int frame, String name) {
        Objects.requireNonNull(clip, "clip");
        if (frame < 0 || frame >= clip.frameCount()) {
            throw new VisionException(Problem.BAD_ARGUMENT, name + " frame " + frame + " is outside [0, "
                    + clip.frameCount() + ") of " + clip);
        }
    }

    /** Two clips that are compared pixel for pixel, frame for frame. */
    static void requireAligned(Clip first, String firstName, Clip second, String secondName) {
        Objects.requireNonNull(first, firstName);
        Objects.requireNonNull(second, secondName);
        if (first.width() != second.width() || first.height() != second.height()) {
            throw new VisionException(Problem.SIZE_MISMATCH, firstName + " is " + first.width() + "x" + first.height()
                    + " but " + secondName + " is " + second.width() + "x" + second.height()
                    + "; they must be the same size (resize one first)");
        }
        if (first.frameCount() != second.frameCount()) {
            throw new VisionException(Problem.FRAME_COUNT_MISMATCH, firstName + " has " + first.frameCount()
                    + " frames but " + secondName + " has " + second.frameCount() + "; they must line up frame for frame");
        }
    }
}
