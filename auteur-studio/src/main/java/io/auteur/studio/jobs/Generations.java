package io.auteur.studio.jobs;

import io.auteur.studio.db.Jdbc;
import io.auteur.studio.generation.Mode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The {@code generations} table (migration V20). Every change of state is one guarded UPDATE, so a job that runs
 * twice (a retry after a worker died) can never record a result twice or resurrect a finished generation.
 */
public final class Generations {
    private static final String COLUMNS = "id, prompt, mode, status, step, steps, error, attempts, request_json, "
            + "created_at, finished_at, result_sha256, result_content_type, result_bytes, result_width, result_height, "
            + "result_frames, api_key_id";
    private static final int MAX_ERROR = 4000;

    private final DataSource dataSource;
    private final Clock clock;

    public Generations(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A page of generations and how many match in all. */
    public record Page(List<GenerationRecord> items, long total) {}

    /** Records a new, queued generation. */
    public GenerationRecord create(UUID id, GenerationRequest request, Mode mode, Optional<String> apiKeyId) {
        GenerationRecord record = new GenerationRecord(id, request.prompt(), mode, GenerationRecord.Status.QUEUED, 0,
                request.steps(), Optional.empty(), 0, request, clock.instant(), Optional.empty(), Optional.empty(),
                apiKeyId);
        Jdbc.transaction(dataSource, "generations", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO generations (id, prompt, mode, "
                    + "status, step, steps, attempts, request_json, created_at, api_key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id.toString());
                insert.setString(2, request.prompt());
                insert.setString(3, mode.wireName());
                insert.setString(4, record.status().wireName());
                insert.setInt(5, 0);
                insert.setInt(6, request.steps());
                insert.setInt(7, 0);
                insert.setString(8, request.toJson());
                insert.setTimestamp(9, Timestamp.from(record.createdAt()));
                insert.setString(10, apiKeyId.orElse(null));
                insert.executeUpdate();
            }
            return null;
        });
        return record;
    }

    public Optional<GenerationRecord> find(UUID id) {
        return Jdbc.read(dataSource, "generations", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM generations WHERE id = ?")) {
                query.setString(1, id.toString());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(record(rows)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Newest first; {@code text} matches the prompt as a case-insensitive substring (LIKE wildcards in it are taken
     * literally), {@code status} filters when present.
     */
    public Page list(Optional<String> text, Optional<GenerationRecord.Status> status, int limit, int offset) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<String> values = new ArrayList<>();
        text.filter(t -> !t.isBlank()).ifPresent(t -> {
            where.append(" AND LOWER(prompt) LIKE ? ESCAPE '!'");
            values.add("%" + t.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        });
        status.ifPresent(s -> {
            where.append(" AND status = ?");
            values.add(s.wireName());
        });
        return Jdbc.read(dataSource, "generations", connection -> {
            long total;
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM generations" + where)) {
                bind(count, values);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<GenerationRecord> items = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM generations" + where
                    + " ORDER BY created_at DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                bind(query, values);
                query.setInt(values.size() + 1, offset);
                query.setInt(values.size() + 2, limit);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        items.add(record(rows));
                    }
                }
            }
            return new Page(items, total);
        });
    }

    /**
     * Starts (or restarts) a generation for a worker: running, progress cleared, one more attempt counted. Empty when
     * it is already finished (a duplicate delivery of the job), so nothing runs twice.
     */
    public Optional<GenerationRecord> claim(UUID id) {
        return Jdbc.transaction(dataSource, "generations", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE generations SET status = 'running', "
                    + "step = 0, error = NULL, attempts = attempts + 1 WHERE id = ? AND status IN ('queued', 'running')")) {
                update.setString(1, id.toString());
                if (update.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM generations WHERE id = ?")) {
                query.setString(1, id.toString());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(record(rows)) : Optional.empty();
                }
            }
        });
    }

    /** Records sampling progress of a running generation. */
    public void progress(UUID id, int step, int steps) {
        update("UPDATE generations SET step = ?, steps = ? WHERE id = ? AND status = 'running'", statement -> {
            statement.setInt(1, step);
            statement.setInt(2, steps);
            statement.setString(3, id.toString());
        });
    }

    /** Marks a running generation succeeded with its result; false when it was not running (nothing recorded). */
    public boolean succeed(UUID id, GenerationRecord.Result result) {
        return update("UPDATE generations SET status = 'succeeded', step = steps, error = NULL, finished_at = ?, "
                + "result_sha256 = ?, result_content_type = ?, result_bytes = ?, result_width = ?, result_height = ?, "
                + "result_frames = ? WHERE id = ? AND status = 'running'", statement -> {
            statement.setTimestamp(1, Timestamp.from(clock.instant()));
            statement.setString(2, result.sha256());
            statement.setString(3, result.contentType());
            statement.setLong(4, result.sizeBytes());
            statement.setInt(5, result.width());
            statement.setInt(6, result.height());
            statement.setInt(7, result.frames());
            statement.setString(8, id.toString());
        }) == 1;
    }

    /** Marks an unfinished generation failed with a message for the user. */
    public boolean fail(UUID id, String message) {
        return update("UPDATE generations SET status = 'failed', error = ?, finished_at = ? "
                + "WHERE id = ? AND status IN ('queued', 'running')", statement -> {
            statement.setString(1, truncate(message));
            statement.setTimestamp(2, Timestamp.from(clock.instant()));
            statement.setString(3, id.toString());
        }) == 1;
    }

    /** Puts a running generation back in the queue after a failed attempt that will be retried. */
    public void requeue(UUID id, String message) {
        update("UPDATE generations SET status = 'queued', step = 0, error = ? WHERE id = ? AND status = 'running'",
                statement -> {
                    statement.setString(1, truncate(message));
                    statement.setString(2, id.toString());
                });
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        return Jdbc.transaction(dataSource, "generations", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement statement, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setString(i + 1, values.get(i));
        }
    }

    private static String truncate(String message) {
        String text = message == null ? "unknown error" : message;
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 3) + "...";
    }

    private static GenerationRecord record(ResultSet rows) throws SQLException {
        Timestamp finished = rows.getTimestamp(11);
        String sha = rows.getString(12);
        Optional<GenerationRecord.Result> result = sha == null ? Optional.empty()
                : Optional.of(new GenerationRecord.Result(sha, rows.getString(13), rows.getLong(14), rows.getInt(15),
                        rows.getInt(16), rows.getInt(17)));
        return new GenerationRecord(UUID.fromString(rows.getString(1)), rows.getString(2),
                Mode.valueOf(rows.getString(3).toUpperCase(Locale.ROOT)), GenerationRecord.Status.parse(rows.getString(4)),
                rows.getInt(5), rows.getInt(6), Optional.ofNullable(rows.getString(7)), rows.getInt(8),
                GenerationRequest.fromJson(rows.getString(9)), rows.getTimestamp(10).toInstant(),
                Optional.ofNullable(finished).map(Timestamp::toInstant), result, Optional.ofNullable(rows.getString(18)));
    }
}
