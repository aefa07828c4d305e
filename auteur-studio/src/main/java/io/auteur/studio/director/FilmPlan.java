package io.auteur.studio.director;

import io.auteur.media.Chapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The whole film as planned: its shots in order at one frame rate, and the scenes they group into (each scene a
 * chapter of the film).
 */
public record FilmPlan(String source, String title, double fps, List<ShotPlan> shots, List<ScenePlan> scenes) {
    public FilmPlan {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(title, "title");
        shots = List.copyOf(shots);
        scenes = List.copyOf(scenes);
        if (!(fps > 0) || shots.isEmpty()) {
            throw new IllegalArgumentException("a film plan needs a positive frame rate and at least one shot");
        }
    }

    /** A scene: its heading, the line it starts on, and its shots as a range of indexes into {@link #shots()}. */
    public record ScenePlan(int number, String heading, int line, int firstShot, int shotCount) {}

    public int frameCount() {
        return shots.stream().mapToInt(ShotPlan::frames).sum();
    }

    public double seconds() {
        return frameCount() / fps;
    }

    /** The film frame where shot {@code index} (0-based) starts. */
    public int startFrame(int index) {
        int start = 0;
        for (int i = 0; i < index; i++) {
            start += shots.get(i).frames();
        }
        return start;
    }

    /** One chapter per scene, titled by its heading. */
    public List<Chapter> chapters() {
        List<Chapter> chapters = new ArrayList<>();
        for (ScenePlan scene : scenes) {
            int start = startFrame(scene.firstShot());
            int end = startFrame(scene.firstShot() + scene.shotCount());
            chapters.add(new Chapter(scene.heading(), start / fps, end / fps));
        }
        return chapters;
    }
}
