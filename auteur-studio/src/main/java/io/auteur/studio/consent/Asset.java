package io.auteur.studio.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One contributed file, identified by the SHA-256 of its bytes (so a renamed copy is the same asset).
 *
 * @param sha256             lower-case hex SHA-256 of the file
 * @param fileName           the name it was registered under
 * @param format             the container FFmpeg reported ("mov,mp4,m4a,3gp,3g2,mj2", "png_pipe", ...)
 * @param c2paTrainingMining what the file's own Content Credentials said about training and mining, when it had any
 */
public record Asset(String sha256, String contributorId, String fileName, String format, int width, int height,
                   double fps, double durationSeconds, String licence, Optional<String> c2paTrainingMining,
                   Instant registeredAt) {
    public Asset {
        Hashes.checkSha256(sha256);
        Contributor.checkId(contributorId);
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(licence, "licence");
        Objects.requireNonNull(c2paTrainingMining, "c2paTrainingMining");
        Objects.requireNonNull(registeredAt, "registeredAt");
        if (licence.isBlank() || licence.length() > 200) {
            throw new ConsentException("a licence must be 1 to 200 characters (an SPDX id such as CC-BY-4.0, or a "
                    + "contract reference)");
        }
    }

    /** The file name and a hash prefix: how messages name an asset. */
    public String describe() {
        return fileName + " (sha256 " + sha256.substring(0, 12) + ")";
    }
}
