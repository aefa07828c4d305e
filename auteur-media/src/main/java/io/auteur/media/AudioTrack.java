package io.auteur.media;

import java.nio.file.Path;

/**
 * What happens to sound when a clip is written. There is no default: every writer says whether audio is dropped
 * or copied, so sound is never lost by accident.
 */
public sealed interface AudioTrack {
    /** Write a silent file. */
    record None() implements AudioTrack {}

    /**
     * Copy the sound of {@code source}, starting {@code startSeconds} into it, trimmed to the clip's duration
     * (re-encoded to the container's audio codec).
     */
    record CopyFrom(Path source, double startSeconds) implements AudioTrack {
        public CopyFrom {
            if (!(startSeconds >= 0)) {
                throw new IllegalArgumentException("audio startSeconds must be >= 0, was " + startSeconds);
            }
        }
    }

    static AudioTrack none() {
        return new None();
    }

    static AudioTrack copyFrom(Path source) {
        return new CopyFrom(source, 0);
    }
}
