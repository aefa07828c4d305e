package io.auteur.studio.verify;

import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.C2paException;
import io.auteur.provenance.c2pa.ValidationReport;
import io.auteur.provenance.verify.ManifestLookup;
import io.auteur.provenance.verify.StoredManifest;
import io.auteur.provenance.verify.VerificationException;
import io.auteur.provenance.verify.Verifier;
import io.auteur.provenance.watermark.Payload;
import io.auteur.provenance.watermark.Watermarker;
import io.auteur.studio.db.Database;
import io.auteur.studio.db.DatabaseException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Every manifest Auteur signs, kept in the studio's database (table {@code manifests}, migration V1) and found by
 * watermark payload or by the signed file's SHA-256: the local half of durable Content Credentials.
 */
public final class ManifestRepository implements ManifestLookup {
    private static final String COLUMNS = "manifest_label, watermark_payload, content_sha256, signed_at, manifest_store";

    private final Database database;

    public ManifestRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public String name() {
        return "local repository " + database.url().replaceFirst(";.*", "");
    }

    /**
     * Records the manifest just embedded in {@code signedFile}; {@code marked} is the payload its pictures carry, if
     * they were marked (when empty, the payload an Auteur soft binding in the manifest names, if any). Recording the
     * same manifest twice keeps the first record.
     */
    public StoredManifest record(Path signedFile, Optional<Payload> marked, Instant signedAt) {
        C2pa c2pa = C2pa.withDefaults();
        byte[] store = c2pa.manifestStore(signedFile)
                .orElseThrow(() -> new C2paException(signedFile + ": carries no manifest to record"));
        ValidationReport report = c2pa.readDetached(store, signedFile.toString());
        Optional<Payload> watermark = marked.or(() -> Verifier.softBindingPayload(report.active()));
        StoredManifest manifest = new StoredManifest(report.activeManifest(), watermark, StoredManifest.sha256Of(signedFile), signedAt,
                store, name());
        String title = report.active().title().orElse(null);
        String signer = report.active().signer().orElse(null);
        try (Connection connection = database.dataSource().getConnection()) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM manifests WHERE manifest_label = ?")) {
                exists.setString(1, manifest.manifestLabel());
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return manifest;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO manifests (" + COLUMNS
                    + ", watermark_algorithm, title, signer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, manifest.manifestLabel());
                insert.setString(2, watermark.map(Payload::hex).orElse(null));
                insert.setString(3, manifest.contentSha256());
                insert.setTimestamp(4, Timestamp.from(signedAt));
                insert.setBytes(5, store);
                insert.setString(6, watermark.isPresent() ? Watermarker.ALGORITHM : null);
                insert.setString(7, title);
                insert.setString(8, signer);
                insert.executeUpdate();
            }
            return manifest;
        } catch (SQLException e) {
            throw new DatabaseException("cannot record manifest " + manifest.manifestLabel() + " of " + signedFile
                    + " in " + database.url() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredManifest> byWatermark(Payload payload) {
        return findOne("watermark_payload", payload.hex());
    }

    @Override
    public Optional<StoredManifest> byContentHash(String sha256) {
        return findOne("content_sha256", sha256);
    }

    /** Every manifest recorded with this watermark, newest first (a payload is random, so usually one). */
    public java.util.List<StoredManifest> allByWatermark(Payload payload) {
        String sql = "SELECT " + COLUMNS + " FROM manifests WHERE watermark_payload = ? ORDER BY signed_at DESC, id DESC"
                + " FETCH FIRST 100 ROWS ONLY";
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, payload.hex());
            java.util.List<StoredManifest> found = new java.util.ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(new StoredManifest(rows.getString(1), Optional.of(payload), rows.getString(3),
                            rows.getTimestamp(4).toInstant(), rows.getBytes(5), name()));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new VerificationException(name() + ": cannot look up watermark " + payload.hex() + " ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The latest record whose {@code column} equals {@code value}. */
    private Optional<StoredManifest> findOne(String column, String value) {
        String sql = "SELECT " + COLUMNS + " FROM manifests WHERE " + column + " = ? ORDER BY signed_at DESC, id DESC"
                + " FETCH FIRST 1 ROWS ONLY";
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, value);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                String payload = rows.getString(2);
                return Optional.of(new StoredManifest(rows.getString(1),
                        payload == null ? Optional.empty() : Optional.of(Payload.fromHex(payload)), rows.getString(3),
                        rows.getTimestamp(4).toInstant(), rows.getBytes(5), name()));
            }
        } catch (SQLException e) {
            throw new VerificationException(name() + ": cannot look up " + column + " " + value + " ("
                    + e.getMessage() + ")", e);
        }
    }
}
