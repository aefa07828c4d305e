package io.auteur.studio.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The studio's database: a HikariCP pool on a JDBC URL, migrated by Flyway from {@code db/migration} when opened.
 * By default an H2 file under the Auteur home ({@code HOME/db/auteur.mv.db}, reachable by other processes through
 * H2's automatic server mode); {@value #URL_ENV} names any other JDBC URL (PostgreSQL for several nodes, with its
 * driver on the class path). Everything that stores data takes the {@link DataSource}, never this class.
 */
public final class StudioDatabase implements AutoCloseable {
    public static final String URL_ENV = "AUTEUR_DATABASE_URL";
    public static final String USER_ENV = "AUTEUR_DATABASE_USER";
    public static final String PASSWORD_ENV = "AUTEUR_DATABASE_PASSWORD";

    private final HikariDataSource dataSource;
    private final String url;

    private StudioDatabase(HikariDataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.url = url;
    }

    /** Opens the database at {@code url} and migrates it to the latest schema. */
    public static StudioDatabase open(String url, String user, String password) {
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
            throw new StoreException("cannot open the database " + url + ": " + rootMessage(e), e);
        }
        try {
            // Through SLF4J like the pool, so migrations print nothing unless the application configures logging.
            Flyway.configure().loggers("slf4j").dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreException("cannot migrate the database " + url + ": " + rootMessage(e), e);
        }
        return new StudioDatabase(dataSource, url);
    }

    /** The database of an Auteur home: {@value #URL_ENV} when set, else the H2 file under {@code home}. */
    public static StudioDatabase forHome(Path home, Map<String, String> environment) {
        String url = environment.get(URL_ENV);
        if (url != null && !url.isBlank()) {
            return open(url, environment.getOrDefault(USER_ENV, ""), environment.getOrDefault(PASSWORD_ENV, ""));
        }
        return open(h2Url(home), "sa", "");
    }

    static String h2Url(Path home) {
        return "jdbc:h2:file:" + home.resolve("db/auteur").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL, for messages (passwords are passed apart, never in it). */
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
