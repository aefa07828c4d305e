package io.auteur.studio.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One grant of one scope for one asset; revoked once, never deleted, so manifests can cite it forever. */
public record ConsentRecord(long id, String assetSha256, Scope scope, Instant grantedAt, Optional<Instant> revokedAt,
                            Optional<String> revocationReason) {
    public ConsentRecord {
        Hashes.checkSha256(assetSha256);
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(revocationReason, "revocationReason");
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
