package io.auteur.previs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A blockout world: what is there and how it moves. Rendering settings (size, fps, length) are separate
 * so one scene can be rendered as a 64x64 training clip or a 1080p previs.
 */
public record Scene(Camera camera, Light light, Sky sky, Ground ground, List<SceneObject> objects, Optional<Actor> actor) {
    public static final int MAX_OBJECTS = 3;

    public Scene {
        Objects.requireNonNull(camera, "camera");
        Objects.requireNonNull(light, "light");
        Objects.requireNonNull(sky, "sky");
        Objects.requireNonNull(ground, "ground");
        objects = List.copyOf(objects);
        Objects.requireNonNull(actor, "actor");
        if (objects.size() > MAX_OBJECTS) {
            throw new IllegalArgumentException("a scene holds at most " + MAX_OBJECTS + " objects, got " + objects.size());
        }
        if (objects.isEmpty() && actor.isEmpty()) {
            throw new IllegalArgumentException("a scene needs at least one object or an actor");
        }
    }
}
