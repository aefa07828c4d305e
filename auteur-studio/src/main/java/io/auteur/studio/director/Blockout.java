package io.auteur.studio.director;

import io.auteur.media.Clip;
import io.auteur.previs.ControlKind;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.ShotFrame;
import io.auteur.previs.ShotRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A shot's previs render at the model's size and frame rate: the picture (its first frame is the shot's key frame)
 * and, when asked, one control map drawn exactly as the model saw controls in training.
 */
public record Blockout(Clip picture, Optional<Clip> control) {
    /** Renders {@code frames} frames of the shot's blockout (at most the shot's length). */
    public static Blockout render(ShotPlan shot, int width, int height, double fps, int frames,
                                  Optional<ControlKind> controlKind) {
        RenderSettings settings = new RenderSettings(width, height, fps, frames, 2);
        ShotRenderer renderer = new ShotRenderer(shot.blockout(), settings);
        List<byte[]> pictures = new ArrayList<>(frames);
        List<byte[]> controls = new ArrayList<>(frames);
        for (int t = 0; t < frames; t++) {
            ShotFrame frame = renderer.render(t);
            pictures.add(frame.frame().rgb());
            controlKind.ifPresent(kind -> controls.add(kind.draw(frame, width, height)));
        }
        return new Blockout(Clip.of(pictures, width, height, fps),
                controls.isEmpty() ? Optional.empty() : Optional.of(Clip.of(controls, width, height, fps)));
    }

    /** The shot's first frame alone: what a storyboard shows. */
    public static Clip keyFrame(ShotPlan shot, int width, int height, double fps) {
        return render(shot, width, height, fps, 1, Optional.empty()).picture();
    }
}
