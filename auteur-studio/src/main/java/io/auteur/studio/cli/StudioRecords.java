package io.auteur.studio.cli;

import io.auteur.studio.consent.ConsentRegistry;
import io.auteur.studio.db.Database;
import io.auteur.studio.home.AuteurHome;
import io.auteur.studio.ledger.Ledger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The database of the Auteur home (manifest repository, consent registry, ledger), for the commands that need it;
 * commands that never do never open it. It is opened once per process ({@link AuteurHome#database()} says why).
 */
final class StudioRecords implements AutoCloseable {
    ConsentRegistry registry() {
        return new ConsentRegistry(database().dataSource(), Clock.systemUTC());
    }

    Ledger ledger() {
        return new Ledger(database().dataSource(), Clock.systemUTC());
    }

    private static Database database() {
        return AuteurHome.current().database();
    }

    /** The database of {@code home} (or of the URL the environment names), opened once for this process. */
    static Database database(Path home, Map<String, String> environment) {
        return new AuteurHome(home, environment).database();
    }

    /** Nothing to release per command: the database stays open for the process. */
    @Override
    public void close() {}
}
