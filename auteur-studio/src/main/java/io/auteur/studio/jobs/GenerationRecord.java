package io.auteur.studio.jobs;

import io.auteur.studio.generation.Mode;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** One row of the {@code generations} table: what was asked, how far it got, and what it made. */
public record GenerationRecord(UUID id, String prompt, Mode mode, Status status, int step, int steps,
                               Optional<String> error, int attempts, GenerationRequest request, Instant createdAt,
                               Optional<Instant> finishedAt, Optional<Result> result, Optional<String> apiKeyId) {
    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED;
        }

        public static Status parse(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /** The stored output: found in the media store by its SHA-256. */
    public record Result(String sha256, String contentType, long sizeBytes, int width, int height, int frames) {}
}
