package io.auteur.studio.ledger;

import io.auteur.studio.db.DatabaseException;
import io.auteur.studio.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The compensation ledger: double-entry postings in integer minor units (tables of migration V11).
 *
 * <p>Each generation by a model trained on contributed media is one transaction: the studio's
 * {@value #STUDIO_ACCOUNT} account is debited the credit amount and the contributors' accounts are credited their
 * shares (split exactly by {@link Split#largestRemainder}), so every transaction, and therefore every set of
 * balances, sums to zero. A transaction is keyed by its generation id under a unique constraint: posting the same
 * generation again, even from two processes at once, leaves the first posting alone and pays nothing twice.
 */
public final class Ledger {
    public static final String STUDIO_ACCOUNT = "studio:generation-revenue";
    private static final String CONTRIBUTOR_PREFIX = "contributor:";
    private static final int MAX_ATTEMPTS = 8;
    private static final int MAX_LINES = 1_000_000;
    private final DataSource dataSource;
    private final Clock clock;

    public Ledger(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A contributor's part of the dataset (clip milliseconds), the weight of their share. */
    public record Share(String contributorId, long weight) {
        public Share {
            Objects.requireNonNull(contributorId, "contributorId");
            if (weight < 0) {
                throw new IllegalArgumentException("a share weight cannot be negative");
            }
        }
    }

    /**
     * What one generation pays: {@code amountMinor} units of {@code currency}, split over {@code shares}.
     *
     * @param generationId unique per generation; a retry uses the same id
     */
    public record Credit(String generationId, String model, String datasetManifestSha256, long amountMinor,
                         String currency, List<Share> shares) {
        public Credit {
            if (generationId == null || generationId.isBlank() || generationId.length() > 200) {
                throw new IllegalArgumentException("a generation id is 1 to 200 characters");
            }
            Objects.requireNonNull(model, "model");
            if (datasetManifestSha256 == null || !datasetManifestSha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("a dataset manifest SHA-256 is 64 lower-case hex digits");
            }
            if (amountMinor <= 0) {
                throw new IllegalArgumentException("a credit is a positive number of minor units, was " + amountMinor);
            }
            if (currency == null || !currency.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException("a currency is an ISO 4217 code such as EUR, was " + currency);
            }
            shares = List.copyOf(shares);
            if (shares.stream().mapToLong(Share::weight).sum() <= 0) {
                throw new IllegalArgumentException("a credit needs at least one share with a positive weight");
            }
        }
    }

    /** One line of a transaction. */
    public record Posting(String accountId, long amountMinor) {}

    /**
     * What {@link #credit} did.
     *
     * @param posted false when the generation had been posted before (the earlier postings are returned)
     */
    public record Outcome(boolean posted, long transactionId, String currency, List<Posting> postings) {
        public Outcome {
            postings = List.copyOf(postings);
        }
    }

    public static String contributorAccount(String contributorId) {
        return CONTRIBUTOR_PREFIX + contributorId;
    }

    /** Posts a generation's credit once; a repeated generation id returns the first posting unchanged. */
    public Outcome credit(Credit credit) {
        List<Posting> postings = postings(credit);
        for (Posting posting : postings) {
            ensureAccount(posting.accountId());
        }
        SQLException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return post(credit, postings);
            } catch (SQLException e) {
                if (!retryable(e)) {
                    throw new DatabaseException("ledger: cannot post generation " + credit.generationId() + ": "
                            + e.getMessage(), e);
                }
                last = e;
                sleep(attempt);
            }
        }
        throw new DatabaseException("ledger: generation " + credit.generationId() + " still conflicts after "
                + MAX_ATTEMPTS + " attempts: " + last.getMessage(), last);
    }

    /** The studio debit and the contributors' credits: one posting per account, summing to zero. */
    static List<Posting> postings(Credit credit) {
        // Merge shares per contributor, in id order, so a split never depends on the order they were listed in.
        Map<String, Long> weights = new TreeMap<>();
        credit.shares().forEach(share -> weights.merge(share.contributorId(), share.weight(), Long::sum));
        weights.values().removeIf(weight -> weight == 0);
        long[] parts = Split.largestRemainder(credit.amountMinor(), weights.values().stream().mapToLong(Long::longValue).toArray());
        List<Posting> postings = new ArrayList<>();
        postings.add(new Posting(STUDIO_ACCOUNT, -credit.amountMinor()));
        int i = 0;
        for (String contributor : weights.keySet()) {
            if (parts[i] != 0) {
                postings.add(new Posting(contributorAccount(contributor), parts[i]));
            }
            i++;
        }
        if (postings.stream().mapToLong(Posting::amountMinor).sum() != 0) {
            throw new IllegalStateException("postings of " + credit.generationId() + " do not balance: " + postings);
        }
        return postings;
    }

    private Outcome post(Credit credit, List<Posting> postings) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Long existing = transactionId(connection, credit.generationId());
                if (existing != null) {
                    connection.rollback();
                    return new Outcome(false, existing, currencyOf(connection, existing), postingsOf(connection, existing));
                }
                long id;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ledger_transaction "
                        + "(generation_id, model, dataset_manifest_sha256, amount_minor, currency, posted_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
                    insert.setString(1, credit.generationId());
                    insert.setString(2, credit.model().length() > 200 ? credit.model().substring(0, 200) : credit.model());
                    insert.setString(3, credit.datasetManifestSha256());
                    insert.setLong(4, credit.amountMinor());
                    insert.setString(5, credit.currency());
                    insert.setObject(6, OffsetDateTime.ofInstant(now(), ZoneOffset.UTC));
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                } catch (SQLException e) {
                    if (!isDuplicateKey(e)) {
                        throw e;
                    }
                    // Another process posted this generation between our look-up and our insert: theirs stands.
                    connection.rollback();
                    Long theirs = transactionId(connection, credit.generationId());
                    connection.rollback();
                    if (theirs == null) {
                        throw e;
                    }
                    return new Outcome(false, theirs, currencyOf(connection, theirs), postingsOf(connection, theirs));
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO ledger_posting (transaction_id, account_id, amount_minor) VALUES (?, ?, ?)")) {
                    for (Posting posting : postings) {
                        insert.setLong(1, id);
                        insert.setString(2, posting.accountId());
                        insert.setLong(3, posting.amountMinor());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                connection.commit();
                return new Outcome(true, id, credit.currency(), postings);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** The balance of one account in one currency (positive: owed to the account holder). */
    public long balance(String accountId, String currency) {
        return read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT COALESCE(SUM(p.amount_minor), 0) "
                    + "FROM ledger_posting p JOIN ledger_transaction t ON p.transaction_id = t.id "
                    + "WHERE p.account_id = ? AND t.currency = ?")) {
                query.setString(1, accountId);
                query.setString(2, currency);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /** Every account's balance per currency: account id to (currency to minor units). */
    public Map<String, Map<String, Long>> balances() {
        return read(connection -> {
            Map<String, Map<String, Long>> out = new TreeMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT p.account_id, t.currency, "
                    + "SUM(p.amount_minor) FROM ledger_posting p JOIN ledger_transaction t ON p.transaction_id = t.id "
                    + "GROUP BY p.account_id, t.currency ORDER BY p.account_id, t.currency")) {
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        out.computeIfAbsent(rows.getString(1), account -> new TreeMap<>()).put(rows.getString(2), rows.getLong(3));
                    }
                }
            }
            return out;
        });
    }

    /** The number of transactions (generations paid for). */
    public long transactionCount() {
        return read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM ledger_transaction");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /** The postings of a contributor's account with running balances. */
    public Statement statement(String contributorId) {
        String account = contributorAccount(contributorId);
        return read(connection -> {
            List<Statement.Line> lines = new ArrayList<>();
            Map<String, Long> balances = new LinkedHashMap<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT t.posted_at, t.generation_id, t.model, "
                    + "t.dataset_manifest_sha256, p.amount_minor, t.currency FROM ledger_posting p "
                    + "JOIN ledger_transaction t ON p.transaction_id = t.id WHERE p.account_id = ? "
                    + "ORDER BY t.posted_at, t.id, p.id")) {
                query.setString(1, account);
                query.setMaxRows(MAX_LINES);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        long amount = rows.getLong(5);
                        String currency = rows.getString(6);
                        long balance = balances.merge(currency, amount, Long::sum);
                        lines.add(new Statement.Line(rows.getObject(1, OffsetDateTime.class).toInstant(), rows.getString(2),
                                rows.getString(3), rows.getString(4), amount, currency, balance));
                    }
                }
            }
            return new Statement(account, lines, balances);
        });
    }

    private List<Posting> postingsOf(Connection connection, long transactionId) throws SQLException {
        List<Posting> out = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT account_id, amount_minor FROM ledger_posting WHERE transaction_id = ? ORDER BY id")) {
            query.setLong(1, transactionId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    out.add(new Posting(rows.getString(1), rows.getLong(2)));
                }
            }
        }
        return out;
    }

    private static String currencyOf(Connection connection, long transactionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT currency FROM ledger_transaction WHERE id = ?")) {
            query.setLong(1, transactionId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private static Long transactionId(Connection connection, String generationId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id FROM ledger_transaction WHERE generation_id = ?")) {
            query.setString(1, generationId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    /** Creates an account on first use; a concurrent creator winning the race is fine. */
    private void ensureAccount(String accountId) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM ledger_account WHERE id = ?")) {
                query.setString(1, accountId);
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            boolean contributor = accountId.startsWith(CONTRIBUTOR_PREFIX);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO ledger_account (id, kind, contributor_id, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, accountId);
                insert.setString(2, contributor ? "contributor" : "studio");
                insert.setString(3, contributor ? accountId.substring(CONTRIBUTOR_PREFIX.length()) : null);
                insert.setObject(4, OffsetDateTime.ofInstant(now(), ZoneOffset.UTC));
                insert.executeUpdate();
            } catch (SQLException e) {
                if (isForeignKeyViolation(e)) {
                    throw new DatabaseException("ledger: " + accountId.substring(CONTRIBUTOR_PREFIX.length())
                            + " is not a contributor in this registry, so nothing can be credited to them", e);
                }
                if (!isDuplicateKey(e)) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("ledger: cannot open account " + accountId + ": " + e.getMessage(), e);
        }
    }

    /** Unique constraint violated: SQLSTATE 23505 in both H2 and PostgreSQL. */
    private static boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** Foreign key violated: 23503 in PostgreSQL, 23506 (missing parent) in H2. */
    private static boolean isForeignKeyViolation(SQLException e) {
        return "23503".equals(e.getSQLState()) || "23506".equals(e.getSQLState());
    }

    /** Lock timeouts and serialization failures: the transaction may succeed if tried again. */
    private static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("40001") || state.equals("40P01") || state.equals("HYT00"));
    }

    private static void sleep(int attempt) {
        try {
            Thread.sleep(Math.min(200, 5L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("ledger: interrupted while retrying", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private <T> T read(Jdbc.Work<T> work) {
        return Jdbc.read(dataSource, "ledger", work);
    }
}
