package io.auteur.studio.eval;

import io.auteur.engine.Judge;
import io.auteur.engine.TrainingData;
import io.auteur.media.Clip;
import io.auteur.previs.Scene;
import io.auteur.previs.SceneObject;
import io.auteur.previs.dataset.ClipRecord;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One held-out prompt: its text, the scene it describes and the previs render of that scene with its ground
 * truth, which is the reference every generated clip is measured against.
 */
public record EvalCase(long seed, String prompt, Scene scene, ClipRecord reference, double fps) {

    /** The previs render as a clip. */
    Clip referenceClip() {
        int plane = reference.width() * reference.height() * 3;
        List<byte[]> frames = new java.util.ArrayList<>();
        for (int t = 0; t < reference.frames(); t++) {
            frames.add(Arrays.copyOfRange(reference.rgb(), t * plane, (t + 1) * plane));
        }
        return Clip.of(frames, reference.width(), reference.height(), fps);
    }

    /** A control clip of {@code kind} drawn from the render's ground truth, exactly as training saw controls. */
    public Clip control(String kind) {
        return Clip.of(List.of(TrainingData.control(reference, kind)), reference.width(), reference.height(), fps);
    }

    /** The subject: the scene's one object. */
    SceneObject subject() {
        return scene.objects().getFirst();
    }

    /** What the prompt asks for, attribute by attribute, in the judge's label words. */
    Map<String, String> truth() {
        Map<String, String> truth = new LinkedHashMap<>();
        Judge.truth(scene).forEach((attribute, label) -> truth.put(attribute.key(), label));
        return truth;
    }
}
