package io.auteur.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.auteur.engine.JudgeReading.Attribute;
import io.auteur.engine.internal.judge.JudgeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The judge card written beside the judge's weights: scope, data, compute, and accuracy per attribute. */
final class JudgeCard {
    private JudgeCard() {}

    static String markdown(JudgeConfig config, JsonNode training, Judge.Evaluation evaluation) {
        StringBuilder card = new StringBuilder();
        card.append("""
                # Judge %s (version %s)

                A small video classifier trained on previs ground truth. It reads the primary subject of a clip: the \
                object's colour (12), shape (6), motion (still, move, bounce, roll, fall, spin, orbit) and its \
                direction (left, right, toward or away from the camera, or none), the camera move (8) and the \
                actor's action (7, or none), skin and clothing colours (12 each, or none) and size (small, large or none). \
                `auteur eval` uses it to score prompt adherence, and only with the \
                attributes marked trusted below.

                ## Scope
                - Previs scenes as drawn by `SceneSampler` that hold exactly one object, with or without an actor \
                (about 39%% of its scenes; 43%% of those have an actor), the actor's skin drawn again from every \
                colour but the clothing's (the sampler draws four). Scenes with two or three objects are outside \
                the scope: which object is "the" subject is then ambiguous, and the judge was neither trained nor \
                tested on them.
                - Input: %dx%d pixels, %d frames at %s fps (%s s). Any clip is resampled to it: the first %s s at \
                the clip's frame rate (a shorter clip holds its last frame), the centred crop of this aspect ratio, \
                area-averaged to size. Network (%s parameters), find the subject then look closely: %d appearance \
                frames are segmented one at a time into object, actor and neither (%dx%d patches of RGB and \
                per-pixel hue and brightness bins, width %d, %d 3x3 convolutions), trained on the renderer's \
                instance ids; where the segmentation puts them, a window sized to the object (resampled to %dx%d, so \
                shape is read at one scale) and a %dx%d window around the actor are cut out and read by small \
                convolutional networks (widths %s), in frame order, beside each subject's mass, centre and spread \
                per frame and its colours (the input channels averaged under its mask); a motion trunk embeds \
                tubelets of %d frames (%d features), fuses them with the segmentation features and reduces them \
                (widths %s, strides %s) before mean, max and mask-weighted pooling; the picture's global affine \
                motion from frame to frame (least-squares brightness constancy at two scales, an engineered input) \
                joins them in a hidden layer of %d, then one head per attribute. Each clip is read as given and \
                mirrored left to right: colour, shape, skin, clothing and size (which a mirror leaves unchanged) \
                take the mean of the two readings; motion, direction, camera and action are read as given.

                ## Data
                - Synthetic previs renders only (generator %s); no human contributors, no third-party media.
                - Training: %s clips, the in-scope scenes among seeds %s to %s, rendered at the input size.
                - Test: %s fresh clips, the in-scope scenes among seeds %s to %s: a range disjoint from the training \
                seeds, from the bundled model's training seeds (1,000,000 to 1,002,999) and from the eval prompts.

                ## Compute
                - %s steps of batch %s, AdamW at peak learning rate %s (warm-up, cosine decay), seed %s.
                - Rendering: %s s; training: %s s; device %s; machine: %s.

                """.formatted(config.name(), config.version(), config.width(), config.height(), config.frames(),
                number(config.fps()), number(config.frames() / config.fps()), number(config.frames() / config.fps()),
                training.path("parameters").asText("?"), config.appearanceFrames(), config.patch(), config.patch(),
                config.segmentWidth(), config.segmentLayers(), config.objectCrop(), config.objectCrop(),
                config.actorCrop(), config.actorCrop(), config.cropChannels(), config.tubelet(), config.embed(),
                config.channels(), config.strides(), config.hidden(),
                training.path("generator").asText("?"), training.path("trainingClips").asText("?"),
                training.path("trainingFirstSeed").asText("?"), training.path("trainingLastSeed").asText("?"),
                evaluation == null ? "0" : evaluation.clips(), evaluation == null ? "-" : evaluation.firstSeed(),
                evaluation == null ? "-" : evaluation.lastSeed(), training.path("steps").asText("?"),
                training.path("batch").asText("?"), training.path("learningRate").asText("?"),
                training.path("seed").asText("?"), training.path("renderSeconds").asText("?"),
                training.path("trainSeconds").asText("?"), training.path("device").asText("?"),
                training.path("machine").asText("?")));
        for (JsonNode base = training.path("base"); !base.isMissingNode(); base = base.path("base")) {
            // The card's own lines are the last run's; the runs it was fine-tuned from come after them.
            String line = "\n- Fine-tuned from a judge trained %s steps of batch %s on %s clips (seeds %s to %s) at peak "
                    + "learning rate %s, %s s.";
            card.insert(card.lastIndexOf("\n\n"), line.formatted(base.path("steps").asText("?"),
                    base.path("batch").asText("?"), base.path("trainingClips").asText("?"),
                    base.path("trainingFirstSeed").asText("?"), base.path("trainingLastSeed").asText("?"),
                    base.path("learningRate").asText("?"), base.path("trainSeconds").asText("?")));
        }
        if (evaluation == null) {
            card.append("## Accuracy\nNot measured: no attribute is trusted.\n");
            return card.toString();
        }
        card.append("## Accuracy on %d fresh renders\nAn attribute is trusted when its accuracy is at least %s on at least %d clips.\n\n"
                .formatted(evaluation.clips(), number(Judge.TRUSTED_ACCURACY), Judge.TRUSTED_MIN_CLIPS));
        card.append("| attribute | correct | accuracy | trusted | most frequent errors (true -> read: count) |\n");
        card.append("|---|---|---|---|---|\n");
        evaluation.scores().forEach((attribute, score) -> card.append("| %s | %d / %d | %.2f%% | %s | %s |\n".formatted(
                attribute.key(), score.correct(), score.total(), 100 * score.accuracy(), score.trusted() ? "yes" : "no",
                errors(attribute, score.confusion()))));
        card.append("""

                ## Known limits
                - Motion is partly invisible in the pixels: a sphere, cylinder, cone, torus or upright capsule \
                spinning about its vertical axis renders exactly like a still one (rotational symmetry, smooth \
                shading), and a rolling sphere like a sliding one. The judge can only split such clips by their \
                base rates, so motion accuracy has a ceiling well below 100%; see its errors above.
                - Small objects are 5 to 9 pixels across at 64x64, which limits shape recognition: cylinders, \
                capsules and cubes of that size differ by a pixel or two of outline.
                - The object stands in front of the actor when there is one; where they overlap, the segmentation \
                sometimes takes one for the other, which costs colour, shape and action.
                - It has seen only previs renders. On generated clips it measures how previs-like the subject is; \
                its accuracy there is unknown beyond what is measured on renders.
                """);
        return card.toString();
    }

    /** The three largest off-diagonal cells of a confusion matrix. */
    private static String errors(Attribute attribute, int[][] confusion) {
        List<int[]> cells = new ArrayList<>();
        for (int t = 0; t < confusion.length; t++) {
            for (int p = 0; p < confusion[t].length; p++) {
                if (t != p && confusion[t][p] > 0) {
                    cells.add(new int[] {t, p, confusion[t][p]});
                }
            }
        }
        cells.sort((a, b) -> Integer.compare(b[2], a[2]));
        List<String> parts = new ArrayList<>();
        for (int[] cell : cells.subList(0, Math.min(3, cells.size()))) {
            parts.add(attribute.labels().get(cell[0]) + " -> " + attribute.labels().get(cell[1]) + ": " + cell[2]);
        }
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3g", value);
    }
}
