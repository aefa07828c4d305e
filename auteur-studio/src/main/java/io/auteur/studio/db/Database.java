package io.auteur.studio.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The studio's database: a connection pool (HikariCP) on a JDBC URL, migrated by Flyway on open from
 * {@code db/migration} (files named {@code V<n>__<what>.sql}, never edited once released). By default an H2 file
 * under the Auteur home; any JDBC URL otherwise (PostgreSQL for several nodes, with its driver on the class path).
 */
public final class Database implements AutoCloseable {
    /** A JDBC URL that replaces the H2 file, e.g. jdbc:postgresql://db:5432/auteur. */
    public static final String URL_ENV = "AUTEUR_DATABASE_URL";
    public static final String USER_ENV = "AUTEUR_DATABASE_USER";
    public static final String PASSWORD_ENV = "AUTEUR_DATABASE_PASSWORD";

    private final HikariDataSource dataSource;
    private final String url;

    private Database(HikariDataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.url = url;
    }

    /** Opens (and migrates to the latest schema) the database at {@code url}. */
    public static Database open(String url, String user, String password) {
        Objects.requireNonNull(url, "url");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("auteur");
        // Enough for concurrent ledger postings from one process; H2 serialises writers anyway.
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot open the database " + url + ": " + rootMessage(e), e);
        }
        try {
            // Flyway logs through SLF4J like the rest of the application (its default would print to the console).
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").loggers("slf4j").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new DatabaseException("cannot migrate the database " + url + ": " + rootMessage(e), e);
        }
        return new Database(dataSource, url);
    }

    /**
     * The database of an Auteur home: {@value #URL_ENV} (with {@value #USER_ENV} and {@value #PASSWORD_ENV}) when
     * set, else the H2 file {@code HOME/db/auteur.mv.db}, which other processes on the machine reach through H2's
     * automatic server mode while one has it open.
     */
    public static Database forHome(Path home, Map<String, String> environment) {
        String url = environment.get(URL_ENV);
        if (url != null && !url.isBlank()) {
            return open(url, environment.getOrDefault(USER_ENV, ""), environment.getOrDefault(PASSWORD_ENV, ""));
        }
        return open(h2Url(home), "sa", "");
    }

    /** Whether {@link #forHome} would open an existing database rather than create one. */
    public static boolean existsForHome(Path home, Map<String, String> environment) {
        String url = environment.get(URL_ENV);
        return (url != null && !url.isBlank()) || java.nio.file.Files.exists(home.resolve("db/auteur.mv.db"));
    }

    static String h2Url(Path home) {
        return "jdbc:h2:file:" + home.resolve("db/auteur").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL, for messages (it holds no password: those are passed apart). */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
