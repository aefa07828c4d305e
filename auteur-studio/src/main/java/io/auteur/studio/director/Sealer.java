package io.auteur.studio.director;

import io.auteur.media.Clip;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.watermark.Payload;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What seals the film: the watermark on its pictures and Content Credentials on its files. The studio passes its
 * own (the CLI's keys and watermark key); {@link #NONE} leaves both out.
 */
public interface Sealer {
    /** A watermarked copy of a clip and the payload it carries (empty when nothing was embedded). */
    record Marked(Clip clip, Optional<Payload> payload) {
        public Marked {
            Objects.requireNonNull(clip, "clip");
            Objects.requireNonNull(payload, "payload");
        }
    }

    Marked watermark(Clip clip);

    /** Signs {@code file} in place; with a payload the manifest's soft binding names the watermark. */
    void sign(Path file, ManifestDefinition definition, Optional<Payload> payload);

    /** Neither watermark nor credentials. */
    Sealer NONE = new Sealer() {
        @Override
        public Marked watermark(Clip clip) {
            return new Marked(clip, Optional.empty());
        }

        @Override
        public void sign(Path file, ManifestDefinition definition, Optional<Payload> payload) {
            // nothing to sign with
        }
    };
}
