package io.auteur.provenance.c2pa;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An input of the asset being signed. If the file carries Content Credentials, its manifests are copied into the
 * new manifest store and the ingredient assertion points at its active manifest.
 */
public record Ingredient(Path file, Relationship relationship, String title) {
    public Ingredient {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(relationship, "relationship");
        Objects.requireNonNull(title, "title");
    }

    public static Ingredient of(Path file, Relationship relationship) {
        return new Ingredient(file, relationship, file.getFileName().toString());
    }
}
