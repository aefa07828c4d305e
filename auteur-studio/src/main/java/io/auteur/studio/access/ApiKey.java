package io.auteur.studio.access;

import java.time.Instant;
import java.util.Optional;

/** An API key as stored: never the secret, only who it is for and what it may do. */
public record ApiKey(String id, String name, Role role, Instant createdAt, Optional<Instant> revokedAt) {
    public boolean active() {
        return revokedAt.isEmpty();
    }
}
