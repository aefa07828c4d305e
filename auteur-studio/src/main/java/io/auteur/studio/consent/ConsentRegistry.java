package io.auteur.studio.consent;

import io.auteur.studio.db.DatabaseException;
import io.auteur.studio.db.Jdbc;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Contributors, their assets and every consent granted or revoked, plus the models trained on them, in plain JDBC
 * over the studio's database (tables of migration V10). Every change that touches more than one row is one
 * transaction.
 */
public final class ConsentRegistry {
    private static final int MAX_LIST = 100_000;
    private final DataSource dataSource;
    private final Clock clock;

    public ConsentRegistry(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What is known about a file when it is registered. */
    public record AssetFacts(String sha256, String fileName, String format, int width, int height, double fps,
                             double durationSeconds) {}

    /** The outcome of a revocation: the records revoked and the models that now need retraining. */
    public record Revocation(List<ConsentRecord> revoked, List<TrainedModel> modelsMarked) {}

    // Contributors

    /** Adds a contributor, or updates the name and payout reference of an existing one. */
    public Contributor saveContributor(String id, String name, Optional<String> payoutReference) {
        Contributor.checkId(id);
        return transaction(connection -> {
            Optional<Contributor> existing = contributor(connection, id);
            if (existing.isPresent()) {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE contributor SET name = ?, payout_reference = ? WHERE id = ?")) {
                    update.setString(1, name);
                    update.setString(2, payoutReference.orElse(existing.get().payoutReference().orElse(null)));
                    update.setString(3, id);
                    update.executeUpdate();
                }
            } else {
                Contributor fresh = new Contributor(id, name, payoutReference, now());
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO contributor (id, name, payout_reference, created_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, id);
                    insert.setString(2, fresh.name());
                    insert.setString(3, payoutReference.orElse(null));
                    insert.setObject(4, timestamp(fresh.createdAt()));
                    insert.executeUpdate();
                }
            }
            return contributor(connection, id).orElseThrow();
        });
    }

    public Optional<Contributor> contributor(String id) {
        return read(connection -> contributor(connection, id));
    }

    /** The contributor, or an error that says how to add one. */
    public Contributor requireContributor(String id) {
        return contributor(id).orElseThrow(() -> new ConsentException.NotFound("no contributor '" + id + "'; add one "
                + "with 'auteur consent add --contributor " + id + " --name NAME [--payout REF]'"));
    }

    public List<Contributor> contributors() {
        return read(connection -> {
            List<Contributor> out = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, name, payout_reference, created_at FROM contributor ORDER BY id")) {
                query.setMaxRows(MAX_LIST);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        out.add(contributor(rows));
                    }
                }
            }
            return out;
        });
    }

    // Assets

    /**
     * Registers a file for a contributor, or returns it when already registered for the same contributor; a file
     * registered by someone else is refused (the same bytes cannot belong to two people here).
     */
    public Asset registerAsset(String contributorId, AssetFacts facts, String licence, TrainingPermissions permissions) {
        requireContributor(contributorId);
        return transaction(connection -> {
            Optional<Asset> existing = asset(connection, facts.sha256());
            if (existing.isPresent()) {
                if (!existing.get().contributorId().equals(contributorId)) {
                    throw new ConsentException.Conflict(existing.get().describe() + " is already registered to "
                            + "contributor '" + existing.get().contributorId() + "', not '" + contributorId + "'");
                }
                return existing.get();
            }
            Asset asset = new Asset(facts.sha256(), contributorId, facts.fileName(), facts.format(), facts.width(),
                    facts.height(), facts.fps(), facts.durationSeconds(), licence, permissions.summary(), now());
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO asset (content_sha256, "
                    + "contributor_id, file_name, media_format, width, height, fps, duration_seconds, licence, "
                    + "c2pa_training_mining, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, asset.sha256());
                insert.setString(2, contributorId);
                insert.setString(3, clip(asset.fileName(), 1000));
                insert.setString(4, clip(asset.format(), 100));
                insert.setInt(5, asset.width());
                insert.setInt(6, asset.height());
                insert.setDouble(7, asset.fps());
                insert.setDouble(8, asset.durationSeconds());
                insert.setString(9, licence);
                insert.setString(10, asset.c2paTrainingMining().orElse(null));
                insert.setObject(11, timestamp(asset.registeredAt()));
                insert.executeUpdate();
            }
            return asset(connection, facts.sha256()).orElseThrow();
        });
    }

    public Optional<Asset> asset(String sha256) {
        return read(connection -> asset(connection, sha256));
    }

    /** The asset whose hash is {@code sha256} or starts with it (at least 8 hex digits, unambiguous). */
    public Asset findAsset(String hashOrPrefix) {
        String prefix = hashOrPrefix.strip().toLowerCase(java.util.Locale.ROOT);
        if (!prefix.matches("[0-9a-f]{8,64}")) {
            throw new ConsentException("name an asset by its SHA-256 or at least its first 8 hex digits, was '"
                    + hashOrPrefix + "'");
        }
        List<Asset> found = read(connection -> {
            List<Asset> out = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(ASSET_COLUMNS
                    + " WHERE content_sha256 LIKE ? ORDER BY content_sha256")) {
                query.setString(1, prefix + "%");
                query.setMaxRows(2);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        out.add(asset(rows));
                    }
                }
            }
            return out;
        });
        if (found.isEmpty()) {
            throw new ConsentException.NotFound("no registered asset with sha256 " + prefix);
        }
        if (found.size() > 1) {
            throw new ConsentException.Conflict("sha256 prefix " + prefix + " names more than one asset; give more "
                    + "digits");
        }
        return found.getFirst();
    }

    /** Every asset, or those of one contributor. */
    public List<Asset> assets(Optional<String> contributorId) {
        return read(connection -> {
            String sql = ASSET_COLUMNS + (contributorId.isPresent() ? " WHERE contributor_id = ?" : "")
                    + " ORDER BY contributor_id, file_name, content_sha256";
            List<Asset> out = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                if (contributorId.isPresent()) {
                    query.setString(1, contributorId.get());
                }
                query.setMaxRows(MAX_LIST);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        out.add(asset(rows));
                    }
                }
            }
            return out;
        });
    }

    // Consent

    /**
     * Grants {@code scope} for an asset, or returns the live grant it already has. Refused when the file's own
     * Content Credentials forbid the use.
     */
    public ConsentRecord grant(String sha256, Scope scope) {
        return transaction(connection -> {
            Asset asset = asset(connection, sha256).orElseThrow(() -> new ConsentException.NotFound(
                    "no registered asset with sha256 " + sha256));
            lockAsset(connection, sha256);
            Optional<String> forbidden = asset.c2paTrainingMining().map(TrainingPermissions::fromSummary)
                    .flatMap(permissions -> permissions.refusal(scope));
            if (forbidden.isPresent()) {
                throw new ConsentException(asset.describe() + " cannot be granted for " + scope + ": "
                        + forbidden.get());
            }
            Optional<ConsentRecord> live = consents(connection, sha256).stream()
                    .filter(record -> record.scope() == scope && record.active()).findFirst();
            if (live.isPresent()) {
                return live.get();
            }
            long id;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO consent (asset_sha256, scope, granted_at) VALUES (?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, sha256);
                insert.setString(2, scope.label());
                insert.setObject(3, timestamp(now()));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            return consent(connection, id).orElseThrow();
        });
    }

    /** Every consent record of an asset, oldest first. */
    public List<ConsentRecord> consents(String sha256) {
        return read(connection -> consents(connection, sha256));
    }

    public Optional<ConsentRecord> consent(long id) {
        return read(connection -> consent(connection, id));
    }

    /** The live grant of {@code scope} for the asset, if any. */
    public Optional<ConsentRecord> activeConsent(String sha256, Scope scope) {
        return consents(sha256).stream().filter(record -> record.scope() == scope && record.active()).findFirst();
    }

    /**
     * Revokes the live grants of an asset (one scope, or all when {@code scope} is empty) and marks every model
     * trained on a revoked grant as needing retraining, in one transaction.
     */
    public Revocation revoke(String sha256, Optional<Scope> scope, String reason) {
        return transaction(connection -> {
            Asset asset = asset(connection, sha256).orElseThrow(() -> new ConsentException.NotFound(
                    "no registered asset with sha256 " + sha256));
            lockAsset(connection, sha256);
            List<ConsentRecord> live = consents(connection, sha256).stream()
                    .filter(record -> record.active() && scope.map(s -> s == record.scope()).orElse(true)).toList();
            Instant now = now();
            List<ConsentRecord> revoked = new ArrayList<>();
            List<TrainedModel> marked = new ArrayList<>();
            for (ConsentRecord record : live) {
                try (PreparedStatement update = connection.prepareStatement("UPDATE consent SET revoked_at = ?, "
                        + "revocation_reason = ? WHERE id = ? AND revoked_at IS NULL")) {
                    update.setObject(1, timestamp(now));
                    update.setString(2, clip(reason, 1000));
                    update.setLong(3, record.id());
                    update.executeUpdate();
                }
                revoked.add(consent(connection, record.id()).orElseThrow());
                String why = "consent " + record.id() + " (" + record.scope() + ") for " + asset.describe()
                        + " was revoked on " + now;
                try (PreparedStatement update = connection.prepareStatement("UPDATE trained_model SET "
                        + "needs_retraining = TRUE, retraining_reason = ? WHERE needs_retraining = FALSE AND id IN "
                        + "(SELECT model_id FROM trained_model_consent WHERE consent_id = ?)")) {
                    update.setString(1, clip(why, 2000));
                    update.setLong(2, record.id());
                    update.executeUpdate();
                }
            }
            if (!revoked.isEmpty()) {
                for (TrainedModel model : models(connection)) {
                    if (model.needsRetraining() && usesAny(connection, model.id(), revoked)) {
                        marked.add(model);
                    }
                }
            }
            return new Revocation(revoked, marked);
        });
    }

    // Trained models

    /**
     * Remembers a model written to {@code directory} (replacing what was remembered there) with the consent
     * records its training relied on.
     */
    public TrainedModel recordModel(Path directory, String name, String datasetManifestSha256, String datasetKind,
                                    Collection<Long> consentIds) {
        Hashes.checkSha256(datasetManifestSha256);
        String where = directory.toAbsolutePath().normalize().toString();
        return transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM trained_model WHERE directory = ?")) {
                delete.setString(1, where);
                delete.executeUpdate();
            }
            long id;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO trained_model (directory, name, "
                    + "dataset_manifest_sha256, dataset_kind, trained_at, needs_retraining) VALUES (?, ?, ?, ?, ?, FALSE)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, where);
                insert.setString(2, name);
                insert.setString(3, datasetManifestSha256);
                insert.setString(4, datasetKind);
                insert.setObject(5, timestamp(now()));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO trained_model_consent (model_id, consent_id) VALUES (?, ?)")) {
                for (long consentId : new java.util.TreeSet<>(consentIds)) {
                    insert.setLong(1, id);
                    insert.setLong(2, consentId);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return models(connection).stream().filter(model -> model.id() == id).findFirst().orElseThrow();
        });
    }

    public List<TrainedModel> models() {
        return read(this::models);
    }

    /** The models whose training relied on a consent record of the asset. */
    public List<TrainedModel> modelsTrainedOn(String sha256) {
        return read(connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT DISTINCT m.model_id FROM "
                    + "trained_model_consent m JOIN consent c ON m.consent_id = c.id WHERE c.asset_sha256 = ?")) {
                query.setString(1, sha256);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            return models(connection).stream().filter(model -> ids.contains(model.id())).toList();
        });
    }

    /** The model remembered at {@code directory}, if any. */
    public Optional<TrainedModel> model(Path directory) {
        Path where = directory.toAbsolutePath().normalize();
        return models().stream().filter(model -> model.directory().equals(where)).findFirst();
    }

    // Row mapping and plumbing

    private static final String ASSET_COLUMNS = "SELECT content_sha256, contributor_id, file_name, media_format, "
            + "width, height, fps, duration_seconds, licence, c2pa_training_mining, registered_at FROM asset";

    private static Optional<Contributor> contributor(Connection connection, String id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, name, payout_reference, created_at FROM contributor WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(contributor(rows)) : Optional.empty();
            }
        }
    }

    private static Contributor contributor(ResultSet rows) throws SQLException {
        return new Contributor(rows.getString(1), rows.getString(2), Optional.ofNullable(rows.getString(3)),
                instant(rows, 4));
    }

    private static Optional<Asset> asset(Connection connection, String sha256) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(ASSET_COLUMNS + " WHERE content_sha256 = ?")) {
            query.setString(1, sha256);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(asset(rows)) : Optional.empty();
            }
        }
    }

    private static Asset asset(ResultSet rows) throws SQLException {
        return new Asset(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getInt(5),
                rows.getInt(6), rows.getDouble(7), rows.getDouble(8), rows.getString(9),
                Optional.ofNullable(rows.getString(10)), instant(rows, 11));
    }

    private static final String CONSENT_COLUMNS =
            "SELECT id, asset_sha256, scope, granted_at, revoked_at, revocation_reason FROM consent";

    private static List<ConsentRecord> consents(Connection connection, String sha256) throws SQLException {
        List<ConsentRecord> out = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(CONSENT_COLUMNS + " WHERE asset_sha256 = ? ORDER BY id")) {
            query.setString(1, sha256);
            query.setMaxRows(MAX_LIST);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    out.add(consent(rows));
                }
            }
        }
        return out;
    }

    private static Optional<ConsentRecord> consent(Connection connection, long id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(CONSENT_COLUMNS + " WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(consent(rows)) : Optional.empty();
            }
        }
    }

    private static ConsentRecord consent(ResultSet rows) throws SQLException {
        OffsetDateTime revoked = rows.getObject(5, OffsetDateTime.class);
        return new ConsentRecord(rows.getLong(1), rows.getString(2), Scope.parse(rows.getString(3)), instant(rows, 4),
                Optional.ofNullable(revoked).map(OffsetDateTime::toInstant), Optional.ofNullable(rows.getString(6)));
    }

    private List<TrainedModel> models(Connection connection) throws SQLException {
        List<TrainedModel> out = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT m.id, m.directory, m.name, "
                + "m.dataset_manifest_sha256, m.dataset_kind, m.trained_at, m.needs_retraining, m.retraining_reason, "
                + "(SELECT COUNT(*) FROM trained_model_consent c WHERE c.model_id = m.id) "
                + "FROM trained_model m ORDER BY m.trained_at, m.id")) {
            query.setMaxRows(MAX_LIST);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    out.add(new TrainedModel(rows.getLong(1), Path.of(rows.getString(2)), rows.getString(3),
                            rows.getString(4), rows.getString(5), instant(rows, 6), rows.getInt(9),
                            rows.getBoolean(7), Optional.ofNullable(rows.getString(8))));
                }
            }
        }
        return out;
    }

    /** Serialises grants and revocations of one asset, so two concurrent grants cannot both add a live record. */
    private static void lockAsset(Connection connection, String sha256) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT content_sha256 FROM asset WHERE content_sha256 = ? FOR UPDATE")) {
            lock.setString(1, sha256);
            lock.executeQuery().close();
        }
    }

    private static boolean usesAny(Connection connection, long modelId, List<ConsentRecord> records) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM trained_model_consent WHERE model_id = ? AND consent_id = ?")) {
            for (ConsentRecord record : records) {
                query.setLong(1, modelId);
                query.setLong(2, record.id());
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Instant now() {
        // Microseconds: what both H2 and PostgreSQL keep, so a value reads back equal to what was written.
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private <T> T read(Jdbc.Work<T> work) {
        return Jdbc.read(dataSource, "consent registry", work);
    }

    private <T> T transaction(Jdbc.Work<T> work) {
        return Jdbc.transaction(dataSource, "consent registry", work);
    }
}
