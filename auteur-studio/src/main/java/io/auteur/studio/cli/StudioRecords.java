package io.auteur.studio.cli;

import io.auteur.studio.consent.ConsentRegistry;
import io.auteur.studio.ledger.Ledger;
import io.auteur.studio.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The database of the Auteur home (manifest repository, consent registry, ledger), for the commands that need it;
 * commands that never do never open it.
 *
 * <p>The database of a home is opened (and migrated) once per process and stays open until the process exits:
 * H2's automatic server mode serves it to other processes while it is open, and opening and closing it around every
 * command of a long-lived process (the tests run the CLI many times in one JVM) lost committed writes on a busy
 * machine: a later open found a fresh, empty database.
 */
final class StudioRecords implements AutoCloseable {
    private static final Map<String, Database> OPEN = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.values().forEach(Database::close),
                "auteur-database-close"));
    }

    ConsentRegistry registry() {
        return new ConsentRegistry(database().dataSource(), Clock.systemUTC());
    }

    Ledger ledger() {
        return new Ledger(database().dataSource(), Clock.systemUTC());
    }

    private static Database database() {
        return database(Sealing.home(), System.getenv());
    }

    /** The database of {@code home} (or of the URL the environment names), opened once for this process. */
    static Database database(Path home, Map<String, String> environment) {
        String url = environment.getOrDefault(Database.URL_ENV, "");
        return OPEN.computeIfAbsent(home.toAbsolutePath().normalize() + "|" + url,
                key -> Database.forHome(home, environment));
    }

    /** Nothing to release per command: the database stays open for the process (see above). */
    @Override
    public void close() {}
}
