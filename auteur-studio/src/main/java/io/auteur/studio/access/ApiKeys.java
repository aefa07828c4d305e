package io.auteur.studio.access;

import io.auteur.studio.db.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * API keys and browser sessions (tables {@code api_keys} and {@code api_sessions}, migration V20). A key is
 * {@code auteur_} plus 32 random bytes in base64url (43 characters); only its SHA-256 is stored. A session is a
 * random cookie token (stored as its SHA-256) bound to a key, with a CSRF token the logged-in page sends back.
 */
public final class ApiKeys {
    public static final String PREFIX = "auteur_";
    private static final Pattern KEY = Pattern.compile("auteur_[A-Za-z0-9_-]{43}");
    /** How long a browser session lasts without logging in again. */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);

    private final DataSource dataSource;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A key just made: the secret is here and nowhere else. */
    public record Created(ApiKey key, String secret) {}

    /** An authenticated caller: the key, and the session's CSRF token when it came through a session cookie. */
    public record Session(ApiKey key, String csrfToken) {}

    public Created create(String name, Role role) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("a key needs a name of 1 to 200 characters");
        }
        String secret = PREFIX + token();
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), name.strip(), role, clock.instant(), Optional.empty());
        Jdbc.transaction(dataSource, "api keys", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO api_keys (id, name, role, key_sha256, created_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, key.id());
                insert.setString(2, key.name());
                insert.setString(3, role.wireName());
                insert.setString(4, sha256(secret));
                insert.setTimestamp(5, Timestamp.from(key.createdAt()));
                insert.executeUpdate();
            }
            return null;
        });
        return new Created(key, secret);
    }

    /** The active key whose secret this is; empty for anything else (malformed, unknown or revoked). */
    public Optional<ApiKey> authenticate(String secret) {
        if (secret == null || !KEY.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Jdbc.read(dataSource, "api keys", connection -> one(connection,
                "SELECT id, name, role, created_at, revoked_at FROM api_keys WHERE key_sha256 = ? AND revoked_at IS NULL",
                sha256(secret)));
    }

    public Optional<ApiKey> find(String id) {
        return Jdbc.read(dataSource, "api keys", connection -> one(connection,
                "SELECT id, name, role, created_at, revoked_at FROM api_keys WHERE id = ?", id));
    }

    public List<ApiKey> list() {
        return Jdbc.read(dataSource, "api keys", connection -> {
            List<ApiKey> keys = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at, id");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    keys.add(key(rows));
                }
            }
            return keys;
        });
    }

    /** Revokes a key and ends its sessions; false when there is no such active key. */
    public boolean revoke(String id) {
        return Jdbc.transaction(dataSource, "api keys", connection -> {
            int changed;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                update.setTimestamp(1, Timestamp.from(clock.instant()));
                update.setString(2, id);
                changed = update.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_sessions WHERE api_key_id = ?")) {
                delete.setString(1, id);
                delete.executeUpdate();
            }
            return changed == 1;
        });
    }

    /** Opens a browser session for an active key; returns the cookie token (the secret) and the session. */
    public record OpenedSession(String cookieToken, Session session) {}

    public OpenedSession openSession(ApiKey key) {
        String cookie = token();
        String csrf = token();
        Instant now = clock.instant();
        Jdbc.transaction(dataSource, "api sessions", connection -> {
            try (PreparedStatement expired = connection.prepareStatement("DELETE FROM api_sessions WHERE expires_at < ?")) {
                expired.setTimestamp(1, Timestamp.from(now));
                expired.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_sessions "
                    + "(token_sha256, api_key_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, sha256(cookie));
                insert.setString(2, key.id());
                insert.setString(3, csrf);
                insert.setTimestamp(4, Timestamp.from(now));
                insert.setTimestamp(5, Timestamp.from(now.plus(SESSION_LIFETIME)));
                insert.executeUpdate();
            }
            return null;
        });
        return new OpenedSession(cookie, new Session(key, csrf));
    }

    /** The live session of a cookie token, with its (active) key. */
    public Optional<Session> session(String cookieToken) {
        if (cookieToken == null || cookieToken.length() != 43) {
            return Optional.empty();
        }
        return Jdbc.read(dataSource, "api sessions", connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT k.id, k.name, k.role, k.created_at, "
                    + "k.revoked_at, s.csrf_token FROM api_sessions s JOIN api_keys k ON k.id = s.api_key_id "
                    + "WHERE s.token_sha256 = ? AND s.expires_at > ? AND k.revoked_at IS NULL")) {
                query.setString(1, sha256(cookieToken));
                query.setTimestamp(2, Timestamp.from(clock.instant()));
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? Optional.of(new Session(key(rows), rows.getString(6))) : Optional.empty();
                }
            }
        });
    }

    public void closeSession(String cookieToken) {
        Jdbc.transaction(dataSource, "api sessions", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM api_sessions WHERE token_sha256 = ?")) {
                delete.setString(1, sha256(cookieToken == null ? "" : cookieToken));
                delete.executeUpdate();
            }
            return null;
        });
    }

    /** The SHA-256 of a secret, as stored: lower-case hex. */
    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** 32 random bytes as 43 base64url characters. */
    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Optional<ApiKey> one(Connection connection, String sql, String value) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, value);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(key(rows)) : Optional.empty();
            }
        }
    }

    private static ApiKey key(ResultSet rows) throws SQLException {
        Timestamp revoked = rows.getTimestamp(5);
        return new ApiKey(rows.getString(1), rows.getString(2), Role.parse(rows.getString(3)),
                rows.getTimestamp(4).toInstant(), Optional.ofNullable(revoked).map(Timestamp::toInstant));
    }
}
