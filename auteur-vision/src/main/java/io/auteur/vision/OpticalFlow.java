package io.auteur.vision;

import io.auteur.media.Clip;
import io.auteur.vision.internal.DisFlow;
import io.auteur.vision.internal.Frames;
import java.util.ArrayList;
import java.util.List;

/**
 * Dense optical flow estimated from pixels alone (OpenCV's DIS, medium preset, on luma), for footage that has
 * no ground truth. Accuracy on previs renders is measured by this module's tests against the rendered flow.
 */
public final class OpticalFlow {
    private OpticalFlow() {}

    /** Flow from frame {@code from} to frame {@code to} of one clip (any two frames, either order). */
    public static FlowField between(Clip clip, int from, int to) {
        Inputs.requireFrame(clip, from, "from");
        Inputs.requireFrame(clip, to, "to");
        try (DisFlow dis = new DisFlow()) {
            return dis.calc(Frames.grey(clip, from), Frames.grey(clip, to), clip.width(), clip.height());
        }
    }

    /** Flow from each frame to the next: {@code frameCount - 1} fields, field t maps frame t onto t + 1. */
    public static List<FlowField> forward(Clip clip) {
        Inputs.requireFrames(clip, 2, "optical flow");
        List<FlowField> fields = new ArrayList<>(clip.frameCount() - 1);
        try (DisFlow dis = new DisFlow()) {
            byte[] previous = Frames.grey(clip, 0);
            for (int t = 1; t < clip.frameCount(); t++) {
                byte[] next = Frames.grey(clip, t);
                fields.add(dis.calc(previous, next, clip.width(), clip.height()));
                previous = next;
            }
        }
        return fields;
    }
}
