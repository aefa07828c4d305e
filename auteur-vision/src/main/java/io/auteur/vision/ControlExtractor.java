package io.auteur.vision;

import io.auteur.media.AudioTrack;
import io.auteur.media.Clip;
import io.auteur.media.EncodeOptions;
import io.auteur.media.Video;
import io.auteur.vision.internal.CannyEdges;
import io.auteur.vision.internal.DisFlow;
import io.auteur.vision.internal.FlowWheel;
import io.auteur.vision.internal.Frames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Control clips from any footage, drawn in the encodings previs uses for its control videos, so that
 * {@code auteur generate --control edges:clip.mp4} reads an extracted control exactly as it reads a rendered one:
 * <ul>
 *   <li>edges: white (255) on black, the same value in red, green and blue;</li>
 *   <li>flow: forward flow on the Middlebury colour wheel, saturating at {@link #FLOW_SATURATION} of the picture
 *       width per frame (previs {@code ControlKind.FLOW}).</li>
 * </ul>
 */
public final class ControlExtractor {
    /** Flow colours saturate at this fraction of the width per frame: previs's {@code ControlKind.FLOW_SATURATION}. */
    public static final double FLOW_SATURATION = 0.05;

    private ControlExtractor() {}

    /** Canny edges of every frame (thresholds from each frame's median grey level), white on black. */
    public static Clip edges(Clip footage) {
        Inputs.requireFrames(footage, 1, "edge extraction");
        List<byte[]> frames = new ArrayList<>(footage.frameCount());
        for (int t = 0; t < footage.frameCount(); t++) {
            frames.add(Frames.greyToRgb(edgeMap(footage, t)));
        }
        return Clip.of(frames, footage.width(), footage.height(), footage.fps());
    }

    /** The Canny edge map of one frame, 255 on edges, one byte per pixel. */
    public static byte[] edgeMap(Clip footage, int frame) {
        Inputs.requireFrame(footage, frame, "edge");
        return CannyEdges.detect(Frames.grey(footage, frame), footage.width(), footage.height());
    }

    /**
     * Forward optical flow as a colour clip of the same length: frame t shows the flow from t to t + 1. Footage
     * has no frame after its last, so the last frame repeats the flow into it (motion carries on), which keeps
     * the control frame-for-frame aligned with the footage as previs's flow.mp4 is.
     */
    public static Clip flow(Clip footage) {
        Inputs.requireFrames(footage, 2, "flow extraction");
        int w = footage.width(), h = footage.height();
        List<byte[]> frames = new ArrayList<>(footage.frameCount());
        // Colour each field as soon as it is estimated: fields take 8 bytes a pixel, colours 3.
        try (DisFlow dis = new DisFlow()) {
            byte[] previous = Frames.grey(footage, 0);
            for (int t = 1; t < footage.frameCount(); t++) {
                byte[] next = Frames.grey(footage, t);
                frames.add(flowColours(dis.calc(previous, next, w, h)));
                previous = next;
            }
        }
        frames.add(frames.getLast().clone());
        return Clip.of(frames, w, h, footage.fps());
    }

    /** One flow field drawn in the control encoding (saturating at {@link #FLOW_SATURATION} of the width). */
    public static byte[] flowColours(FlowField field) {
        Objects.requireNonNull(field, "field");
        return FlowWheel.toRgb(field.dxdy(), field.width(), field.height(), FLOW_SATURATION * field.width());
    }

    /** Writes a control clip as previs writes its controls: H.264 MP4, CRF 18, no sound. */
    public static void write(Clip control, Path mp4) {
        Video.write(control, mp4, EncodeOptions.h264(AudioTrack.none()));
    }
}
