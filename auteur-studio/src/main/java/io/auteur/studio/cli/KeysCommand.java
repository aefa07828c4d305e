package io.auteur.studio.cli;

import io.auteur.studio.access.ApiKey;
import io.auteur.studio.access.ApiKeys;
import io.auteur.studio.access.Role;
import io.auteur.studio.home.AuteurHome;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code auteur keys}: API keys of the studio service, in the Auteur home's database (or --db). */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Manage the API keys of the studio service. Only a key's SHA-256 is stored: a key is shown once, "
                + "when it is made.",
            "Example: auteur keys create --name alice --role creator"},
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class,
            CommandLine.HelpCommand.class})
final class KeysCommand extends CommandGroup {
    /** The database option every keys subcommand takes. */
    static final class DatabaseOption {
        @Option(names = "--db", paramLabel = "URL", description = "JDBC URL of the studio database (default: "
                + "AUTEUR_DATABASE_URL, else the H2 file in the Auteur home).")
        String url;

        ApiKeys keys() {
            AuteurHome home = AuteurHome.current();
            if (url != null && !url.isBlank()) {
                home = home.withDatabaseUrl(url);
            }
            return new ApiKeys(home.database().dataSource(), Clock.systemUTC());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Make a key and print it (once).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", required = true, description = "Who or what the key is for.")
        String name;

        @Option(names = "--role", required = true, description = "admin, creator or viewer.")
        String role;

        @CommandLine.Mixin
        DatabaseOption database;

        @Override
        public Integer call() {
            ApiKeys.Created created = database.keys().create(name, Role.parse(role.toLowerCase(java.util.Locale.ROOT)));
            PrintWriter out = spec.commandLine().getOut();
            out.println(created.secret());
            spec.commandLine().getErr().println("made key " + created.key().id() + " '" + created.key().name() + "' ("
                    + created.key().role().wireName() + "); it is shown only now: keep it somewhere safe");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never their secrets).")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        DatabaseOption database;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (ApiKey key : database.keys().list()) {
                out.printf("%s  %-8s %-30s created %s%s%n", key.id(), key.role().wireName(), key.name(), key.createdAt(),
                        key.revokedAt().map(at -> ", revoked " + at).orElse(""));
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key; its sessions end too.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The key's id (from 'auteur keys list').")
        String id;

        @CommandLine.Mixin
        DatabaseOption database;

        @Override
        public Integer call() {
            ApiKeys keys = database.keys();
            if (keys.find(id).isEmpty()) {
                throw new IllegalArgumentException("no key " + id + "; 'auteur keys list' shows them");
            }
            spec.commandLine().getOut().println(keys.revoke(id) ? "revoked " + id : id + " was already revoked");
            return 0;
        }
    }
}
