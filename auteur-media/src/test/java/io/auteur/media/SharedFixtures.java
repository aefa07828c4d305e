package io.auteur.media;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files from ../shared beside the repository (system property {@code auteur.shared}); fails clearly when absent. */
public final class SharedFixtures {
    private SharedFixtures() {}

    public static Path path(String relative) {
        String root = System.getProperty("auteur.shared", "../shared");
        Path file = Path.of(root).resolve(relative).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing shared fixture " + file
                    + ": tests need ../shared (design, fixtures, tools) checked out beside the repository");
        }
        return file;
    }
}
