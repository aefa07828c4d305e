package io.auteur.provenance.verify;

import io.auteur.provenance.watermark.Payload;
import java.util.Optional;

/**
 * Where a verifier finds manifests that are no longer in the file: a local repository of everything this studio
 * signed, or a studio server. Implementations throw {@link VerificationException} when they cannot answer (a
 * server down, a database locked), so "not found" and "could not look" stay different.
 */
public interface ManifestLookup {
    /** Names the repository in reports, e.g. "local repository jdbc:h2:/home/me/.auteur/db/auteur". */
    String name();

    /** The manifest of the asset marked with {@code payload}. */
    Optional<StoredManifest> byWatermark(Payload payload);

    /** The manifest of the file whose SHA-256 is {@code sha256} (lower-case hex); not every repository can say. */
    default Optional<StoredManifest> byContentHash(String sha256) {
        return Optional.empty();
    }
}
