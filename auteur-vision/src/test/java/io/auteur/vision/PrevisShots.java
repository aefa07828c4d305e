package io.auteur.vision;

import io.auteur.media.Clip;
import io.auteur.previs.RenderSettings;
import io.auteur.previs.Scene;
import io.auteur.previs.ShotFrame;
import io.auteur.previs.ShotRenderer;
import io.auteur.previs.caption.PromptParser;
import java.util.ArrayList;
import java.util.List;

/** Previs renders held in memory with their ground truth, for measuring vision against. */
record PrevisShots(Clip clip, List<ShotFrame> frames) {
    /** Renders a prompt at the given size and length (no video encoding: the pixels are exactly the render's). */
    static PrevisShots render(String prompt, int width, int height, int frameCount, double fps) {
        Scene scene = new PromptParser().parse(prompt);
        ShotRenderer renderer = new ShotRenderer(scene, new RenderSettings(width, height, fps, frameCount, 2));
        List<ShotFrame> frames = new ArrayList<>();
        List<byte[]> rgb = new ArrayList<>();
        for (int t = 0; t < frameCount; t++) {
            ShotFrame frame = renderer.render(t);
            frames.add(frame);
            rgb.add(frame.frame().rgb().clone());
        }
        return new PrevisShots(Clip.of(rgb, width, height, fps), List.copyOf(frames));
    }

    /** The ground-truth edges as a control clip (previs's EDGES encoding: grey in all three channels). */
    Clip edgeControl() {
        List<byte[]> out = new ArrayList<>();
        for (ShotFrame frame : frames) {
            byte[] edges = frame.frame().edges();
            byte[] rgb = new byte[edges.length * 3];
            for (int i = 0; i < edges.length; i++) {
                rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = edges[i];
            }
            out.add(rgb);
        }
        return Clip.of(out, clip.width(), clip.height(), clip.fps());
    }
}
