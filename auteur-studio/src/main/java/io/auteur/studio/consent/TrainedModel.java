package io.auteur.studio.consent;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A model {@code auteur train} wrote, as the registry remembers it.
 *
 * @param directory         where it was written (absolute)
 * @param datasetKind       "consented" or "synthetic"
 * @param consentRecords    how many consent records its training relied on
 * @param needsRetraining   set when a consent it relied on was revoked
 */
public record TrainedModel(long id, Path directory, String name, String datasetManifestSha256, String datasetKind,
                           Instant trainedAt, int consentRecords, boolean needsRetraining,
                           Optional<String> retrainingReason) {
    public TrainedModel {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(name, "name");
        Hashes.checkSha256(datasetManifestSha256);
        Objects.requireNonNull(datasetKind, "datasetKind");
        Objects.requireNonNull(trainedAt, "trainedAt");
        Objects.requireNonNull(retrainingReason, "retrainingReason");
    }
}
