package io.auteur.provenance.verify;

import java.nio.file.Files;
import java.nio.file.Path;

/** ../shared beside the repository (passed by Maven as auteur.shared); the tests fail clearly without it. */
final class SharedFixtures {
    private SharedFixtures() {}

    static Path file(String relative) {
        String property = System.getProperty("auteur.shared");
        if (property == null || property.isBlank()) {
            throw new AssertionError("system property auteur.shared is not set: run the tests through Maven, whose "
                    + "surefire configuration passes the path of ../shared");
        }
        Path file = Path.of(property).resolve(relative).toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            throw new AssertionError("../shared is missing or incomplete: no " + file);
        }
        return file;
    }
}
