package io.auteur.studio.generation;

import java.nio.file.Path;

/** Where the bundled model is: models/worlds-tiny beside the launcher ({@code AUTEUR_MODELS}), else under the working folder. */
public final class BundledModel {
    private BundledModel() {}

    public static Path directory() {
        String models = System.getenv("AUTEUR_MODELS");
        return (models == null ? Path.of("models") : Path.of(models)).resolve("worlds-tiny");
    }
}
