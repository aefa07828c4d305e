package io.auteur.studio.cli;

import io.auteur.studio.consent.ConsentRegistry;
import io.auteur.studio.ledger.Ledger;
import io.auteur.studio.store.StudioDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consent registry and the ledger of the Auteur home, for the commands that need them; commands that never
 * do never open the database.
 *
 * <p>The database of a home is opened (and migrated) once per process and stays open until the process exits:
 * H2's automatic server mode serves it to other processes while it is open, and opening and closing it around every
 * command of a long-lived process (the tests run the CLI many times in one JVM) lost committed writes on a busy
 * machine: a later open found a fresh, empty database.
 */
final class StudioRecords implements AutoCloseable {
    private static final Map<Path, StudioDatabase> OPEN = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.values().forEach(StudioDatabase::close),
                "auteur-database-close"));
    }

    ConsentRegistry registry() {
        return new ConsentRegistry(database().dataSource(), Clock.systemUTC());
    }

    Ledger ledger() {
        return new Ledger(database().dataSource(), Clock.systemUTC());
    }

    private static StudioDatabase database() {
        Path home = Sealing.home().toAbsolutePath().normalize();
        return OPEN.computeIfAbsent(home, where -> StudioDatabase.forHome(where, System.getenv()));
    }

    /** Nothing to release per command: the database stays open for the process (see above). */
    @Override
    public void close() {}
}
