package io.auteur.studio.director;

import io.auteur.previs.Scene;
import java.util.Objects;
import java.util.Optional;

/**
 * One planned shot: where it comes from in the script, its blockout, the prompt the model gets, its length and
 * how it joins the shot before.
 *
 * @param number      1-based position in the film
 * @param scene       1-based scene number
 * @param scriptLine  the script text this shot films (an action paragraph, or "MAYA: line of dialogue")
 * @param sourceLine  the line of the script it starts on
 * @param character   the cast name on screen, if any
 * @param blockout    the previs scene: the character's look from the cast, the set from the location
 * @param prompt      the caption the model is prompted with, written from the blockout in its training language
 * @param frames      frames at the plan's frame rate
 */
public record ShotPlan(int number, int scene, String sceneHeading, String scriptLine, int sourceLine,
                       Optional<String> character, Scene blockout, String prompt, int frames, Continuity continuity) {
    public ShotPlan {
        Objects.requireNonNull(sceneHeading, "sceneHeading");
        Objects.requireNonNull(scriptLine, "scriptLine");
        Objects.requireNonNull(character, "character");
        Objects.requireNonNull(blockout, "blockout");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(continuity, "continuity");
        if (number < 1 || scene < 1 || frames < 1) {
            throw new IllegalArgumentException("shot and scene numbers and frame counts start at 1");
        }
    }
}
