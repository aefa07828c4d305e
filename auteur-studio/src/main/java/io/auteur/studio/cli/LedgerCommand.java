package io.auteur.studio.cli;

import io.auteur.studio.consent.Contributor;
import io.auteur.studio.ledger.Statement;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code auteur ledger}: what generations have credited to contributors. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = {"The compensation ledger: each generation by a model trained on contributed media credits "
                + "its contributors in proportion to their clip-seconds (double-entry, integer minor units).",
            "Example: auteur ledger statement --contributor alice --csv > alice.csv"},
        subcommands = {LedgerCommand.StatementCommand.class, LedgerCommand.Balances.class, CommandLine.HelpCommand.class})
final class LedgerCommand extends CommandGroup {
    @Command(name = "statement", mixinStandardHelpOptions = true,
            description = "Every credit to a contributor with the running balance.")
    static final class StatementCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--contributor", required = true, paramLabel = "ID", description = "Whose statement.")
        String contributor;

        @Option(names = "--csv", description = "CSV with amounts in integer minor units.")
        boolean csv;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (StudioRecords records = new StudioRecords()) {
                Contributor person = records.registry().requireContributor(contributor);
                Statement statement = records.ledger().statement(person.id());
                if (csv) {
                    out.print(statement.csv());
                } else {
                    out.printf("statement for %s (%s)%s%n", person.id(), person.name(),
                            person.payoutReference().map(ref -> ", payout " + ref).orElse(""));
                    out.print(statement.text());
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "balances", mixinStandardHelpOptions = true,
            description = "Every account's balance; they always sum to zero.")
    static final class Balances implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (StudioRecords records = new StudioRecords()) {
                Map<String, Map<String, Long>> balances = records.ledger().balances();
                balances.forEach((account, byCurrency) -> byCurrency.forEach((currency, minor) ->
                        out.printf("%-40s %14d %s%n", account, minor, currency)));
                if (balances.isEmpty()) {
                    out.println("no postings yet");
                }
                return 0;
            }
        }
    }
}
