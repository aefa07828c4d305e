package io.auteur.provenance.verify;

import io.auteur.provenance.watermark.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed manifest as a manifest repository keeps it: the manifest store exactly as it was embedded, with the keys
 * it is found by.
 *
 * @param manifestLabel the active manifest's label (urn:c2pa:...)
 * @param watermark     the payload of the watermark the asset was marked with, when it was
 * @param contentSha256 SHA-256 of the signed file, lower-case hex
 * @param signedAt      when the manifest was recorded, right after signing
 * @param manifestStore the JUMBF manifest store
 * @param source        where it was found, for reports (a repository or a server)
 */
public record StoredManifest(String manifestLabel, Optional<Payload> watermark, String contentSha256, Instant signedAt,
                             byte[] manifestStore, String source) {
    public StoredManifest {
        Objects.requireNonNull(manifestLabel, "manifestLabel");
        Objects.requireNonNull(watermark, "watermark");
        Objects.requireNonNull(contentSha256, "contentSha256");
        Objects.requireNonNull(signedAt, "signedAt");
        Objects.requireNonNull(source, "source");
        if (!contentSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("contentSha256 must be 64 lower-case hex digits, was " + contentSha256);
        }
        manifestStore = manifestStore.clone();
    }

    @Override
    public byte[] manifestStore() {
        return manifestStore.clone();
    }

    /** The content hash repositories index by: SHA-256 of the file's bytes, lower-case hex. */
    public static String sha256Of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new VerificationException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The same entry, saying where it was found. */
    public StoredManifest from(String newSource) {
        return new StoredManifest(manifestLabel, watermark, contentSha256, signedAt, manifestStore, newSource);
    }
}
