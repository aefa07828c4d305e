package io.auteur.studio.cli;

import io.auteur.provenance.c2pa.C2pa;
import io.auteur.studio.consent.Asset;
import io.auteur.studio.consent.ConsentException;
import io.auteur.studio.consent.ConsentRecord;
import io.auteur.studio.consent.ConsentRegistry;
import io.auteur.studio.consent.Contribution;
import io.auteur.studio.consent.Contributor;
import io.auteur.studio.consent.Hashes;
import io.auteur.studio.consent.Scope;
import io.auteur.studio.consent.TrainedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code auteur consent}: contributors, their assets and the consent they gave, in the studio's registry. */
@Command(name = "consent", mixinStandardHelpOptions = true,
        description = {"The consent registry: who contributed which media, under which licence, for which uses "
                + "(training, fine-tuning, style-reference). Content Credentials that say \"notAllowed\" are honoured.",
            "Examples: auteur consent add --contributor alice --name \"Alice Example\" --payout IBAN:DE00...",
            "          auteur consent add clip.mp4 --contributor alice --scope training,fine-tuning --licence CC-BY-4.0",
            "          auteur consent revoke clip.mp4 --reason \"asked by the contributor\"",
            "          auteur consent list; auteur consent show clip.mp4"},
        subcommands = {ConsentCommand.Add.class, ConsentCommand.Revoke.class, ConsentCommand.ListCommand.class,
            ConsentCommand.Show.class, CommandLine.HelpCommand.class})
final class ConsentCommand extends CommandGroup {
    /** The registered asset a FILE (hashed) or a SHA-256 (or prefix) names. */
    static Asset resolve(ConsentRegistry registry, String fileOrHash) throws IOException {
        Path file = Path.of(fileOrHash);
        if (Files.isRegularFile(file)) {
            String sha256 = Hashes.sha256(file);
            return registry.asset(sha256).orElseThrow(() -> new ConsentException(file + " (sha256 "
                    + sha256.substring(0, 12) + ") is not registered; add it with 'auteur consent add'"));
        }
        return registry.findAsset(fileOrHash);
    }

    static String scopes(List<ConsentRecord> records) {
        if (records.isEmpty()) {
            return "none";
        }
        return records.stream().map(r -> r.scope() + "#" + r.id() + (r.active() ? "" : " (revoked)"))
                .collect(Collectors.joining(", "));
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add or update a contributor (--name, --payout); with FILEs, register them as the "
                    + "contributor's assets and grant the --scope uses."})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "Media files to register.")
        List<Path> files = new ArrayList<>();

        @Option(names = "--contributor", required = true, paramLabel = "ID", description = "The contributor's id.")
        String contributor;

        @Option(names = "--name", description = "The contributor's name (creates the contributor if new).")
        String name;

        @Option(names = "--payout", paramLabel = "REF", description = "Where payouts go (an account reference).")
        String payout;

        @Option(names = {"--scope", "--consent"}, paramLabel = "SCOPE[,SCOPE]",
                description = "Uses granted for the files: training, fine-tuning, style-reference.")
        String scope;

        @Option(names = "--licence", defaultValue = "unspecified",
                description = "The licence the files are contributed under, e.g. CC-BY-4.0 (default: ${DEFAULT-VALUE}).")
        String licence;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (StudioRecords records = new StudioRecords()) {
                ConsentRegistry registry = records.registry();
                if (name != null || payout != null) {
                    String fullName = name != null ? name : registry.requireContributor(contributor).name();
                    Contributor saved = registry.saveContributor(contributor, fullName, Optional.ofNullable(payout));
                    out.printf("contributor %s: %s%s%n", saved.id(), saved.name(),
                            saved.payoutReference().map(ref -> ", payout " + ref).orElse(""));
                }
                if (files.isEmpty()) {
                    if (name == null && payout == null) {
                        throw new ConsentException("nothing to add: give --name/--payout for the contributor, or FILEs");
                    }
                    return 0;
                }
                if (scope == null) {
                    throw new ConsentException("say what the files may be used for: --scope " + Scope.labels());
                }
                Set<Scope> scopes = Scope.parseList(scope);
                registry.requireContributor(contributor);
                int refused = 0;
                for (Path file : files) {
                    refused += register(registry, file, scopes, out, spec.commandLine().getErr());
                }
                return refused == 0 ? 0 : 1;
            }
        }

        private int register(ConsentRegistry registry, Path file, Set<Scope> scopes, PrintWriter out, PrintWriter err)
                throws IOException {
            Contribution contribution = Contribution.register(registry, C2pa.withDefaults(), contributor, file,
                    file.getFileName().toString(), licence, scopes);
            Asset asset = contribution.asset();
            for (ConsentRecord record : contribution.granted()) {
                out.printf("%s: %s granted (consent record %d)%n", asset.describe(), record.scope(), record.id());
            }
            contribution.refused().values().forEach(reason -> err.println("auteur consent: " + reason));
            return contribution.refused().size();
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke consent for assets (every scope, or --scope): every model trained on them is "
                    + "marked as needing retraining, and no dataset can use them again."})
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE|SHA256", arity = "1..*", description = "Assets: a file or its SHA-256 (or 8+ digit prefix).")
        List<String> assets;

        @Option(names = "--scope", description = "Revoke only this scope.")
        String scope;

        @Option(names = "--reason", defaultValue = "revoked by the contributor", description = "Recorded with the revocation.")
        String reason;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (StudioRecords records = new StudioRecords()) {
                ConsentRegistry registry = records.registry();
                for (String name : assets) {
                    Asset asset = resolve(registry, name);
                    ConsentRegistry.Revocation revocation = registry.revoke(asset.sha256(),
                            Optional.ofNullable(scope).map(Scope::parse), reason);
                    if (revocation.revoked().isEmpty()) {
                        out.printf("%s: no live consent%s to revoke%n", asset.describe(),
                                scope == null ? "" : " for " + scope);
                    }
                    for (ConsentRecord record : revocation.revoked()) {
                        out.printf("%s: %s revoked (consent record %d)%n", asset.describe(), record.scope(), record.id());
                    }
                    for (TrainedModel model : revocation.modelsMarked()) {
                        out.printf("  model %s at %s needs retraining%n", model.name(), model.directory());
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List contributors and their assets.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--contributor", paramLabel = "ID", description = "Only this contributor's assets.")
        String contributor;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (StudioRecords records = new StudioRecords()) {
                ConsentRegistry registry = records.registry();
                List<Contributor> contributors = contributor == null ? registry.contributors()
                        : List.of(registry.requireContributor(contributor));
                for (Contributor person : contributors) {
                    out.printf("%s  %s%s%n", person.id(), person.name(),
                            person.payoutReference().map(ref -> "  payout " + ref).orElse(""));
                    for (Asset asset : registry.assets(Optional.of(person.id()))) {
                        out.printf("  %s  %-30s %-14s %s%s%n", asset.sha256().substring(0, 12), asset.fileName(),
                                asset.licence(), scopes(registry.consents(asset.sha256())),
                                asset.c2paTrainingMining().map(text -> "  [C2PA " + text + "]").orElse(""));
                    }
                }
                if (contributors.isEmpty()) {
                    out.println("no contributors yet; add one with 'auteur consent add --contributor ID --name NAME'");
                }
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show an asset (FILE or SHA-256) with its consent history and the models trained on it, "
                    + "or a contributor (ID) with their assets.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE|SHA256|CONTRIBUTOR", description = "What to show.")
        String what;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (StudioRecords records = new StudioRecords()) {
                ConsentRegistry registry = records.registry();
                Optional<Contributor> person = Files.exists(Path.of(what)) ? Optional.empty() : registry.contributor(what);
                if (person.isPresent()) {
                    Contributor c = person.get();
                    out.printf("contributor %s%nname: %s%npayout: %s%nsince: %s%n", c.id(), c.name(),
                            c.payoutReference().orElse("(none)"), c.createdAt());
                    for (Asset asset : registry.assets(Optional.of(c.id()))) {
                        out.printf("  %s  %s  %s%n", asset.sha256().substring(0, 12), asset.fileName(),
                                scopes(registry.consents(asset.sha256())));
                    }
                    return 0;
                }
                Asset asset = resolve(registry, what);
                out.printf("asset %s%nfile: %s%ncontributor: %s%nlicence: %s%nmedia: %s, %dx%d, %.3f fps, %.2f s%n"
                                + "registered: %s%nC2PA training and mining: %s%n", asset.sha256(), asset.fileName(),
                        asset.contributorId(), asset.licence(), asset.format(), asset.width(), asset.height(),
                        asset.fps(), asset.durationSeconds(), asset.registeredAt(),
                        asset.c2paTrainingMining().orElse("(no Content Credentials)"));
                out.println("consent:");
                for (ConsentRecord record : registry.consents(asset.sha256())) {
                    out.printf("  #%d %s granted %s%s%n", record.id(), record.scope(), record.grantedAt(),
                            record.revokedAt().map(at -> ", revoked " + at
                                    + record.revocationReason().map(r -> " (" + r + ")").orElse("")).orElse(""));
                }
                List<TrainedModel> models = registry.modelsTrainedOn(asset.sha256());
                out.println("models trained on it: " + (models.isEmpty() ? "none" : ""));
                for (TrainedModel model : models) {
                    out.printf("  %s at %s%s%n", model.name(), model.directory(),
                            model.needsRetraining() ? " (needs retraining)" : "");
                }
                return 0;
            }
        }
    }
}
