package io.auteur.provenance.c2pa;

import java.nio.file.Files;
import java.nio.file.Path;

/** The ../shared folder beside the repository (fixtures and the reference validator); tests fail without it. */
final class Shared {
    private Shared() {
    }

    static Path root() {
        String property = System.getProperty("auteur.shared");
        if (property == null || property.isBlank()) {
            throw new AssertionError("system property auteur.shared is not set: run the tests through Maven, "
                    + "whose surefire configuration passes the path of ../shared");
        }
        Path root = Path.of(property).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("fixtures/c2pa")) || !Files.isDirectory(root.resolve("tools/c2pa-check"))) {
            throw new AssertionError("../shared is missing or incomplete at " + root
                    + " (need fixtures/c2pa and tools/c2pa-check)");
        }
        return root;
    }

    static Path fixture(String name) {
        return root().resolve("fixtures/c2pa").resolve(name);
    }

    static Path cert(String name) {
        return root().resolve("fixtures/c2pa/certs").resolve(name);
    }

    static KeySigner testSigner(SigningAlgorithm algorithm) {
        String base = switch (algorithm) {
            case ES256 -> "es256";
            case PS256 -> "ps256";
            case ED25519 -> "ed25519";
            default -> throw new IllegalArgumentException("no test key for " + algorithm);
        };
        return KeySigner.fromPem(cert(base + ".pem"), cert(base + ".pub"), algorithm);
    }
}
