package io.auteur.studio.generation;

import io.auteur.engine.ModelConfig;
import io.auteur.provenance.c2pa.Action;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.studio.consent.Asset;
import io.auteur.studio.consent.ConsentRecord;
import io.auteur.studio.consent.ConsentRegistry;
import io.auteur.studio.consent.DatasetManifest;
import io.auteur.studio.consent.ModelLineage;
import io.auteur.studio.home.AuteurHome;
import io.auteur.studio.ledger.Ledger;
import io.auteur.studio.ledger.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * What every generation does about the data behind a model: warn when consent the model relied on has been
 * revoked, name the model and its dataset manifest in the output's Content Credentials, and credit the contributors
 * of that dataset in the ledger. A model trained on synthetic renders only (or before dataset manifests existed)
 * needs none of it, and the database is not even opened.
 */
final class GenerationConsent {
    /** The ledger settings file in the Auteur home: {@code credit.minor-units} and {@code currency}. */
    static final String SETTINGS = "ledger.properties";
    static final long DEFAULT_CREDIT_MINOR_UNITS = 10;
    static final String DEFAULT_CURRENCY = "EUR";

    private final AuteurHome home;
    private final Path modelDir;
    private final Optional<ModelLineage> lineage;

    private GenerationConsent(AuteurHome home, Path modelDir, Optional<ModelLineage> lineage) {
        this.home = home;
        this.modelDir = modelDir;
        this.lineage = lineage;
    }

    static GenerationConsent forModel(AuteurHome home, Path modelDir) throws IOException {
        return new GenerationConsent(home, modelDir, ModelLineage.read(modelDir));
    }

    /** Warns when a consent the model (or its base) relied on has been revoked. */
    void warnIfRevoked(Consumer<String> warnings) {
        if (lineage.isEmpty() || lineage.get().consentsUsed().isEmpty()) {
            return;
        }
        ConsentRegistry registry = new ConsentRegistry(home.database().dataSource(), Clock.systemUTC());
        List<String> revoked = new ArrayList<>();
        for (long id : lineage.get().consentsUsed()) {
            Optional<ConsentRecord> record = registry.consent(id);
            if (record.isPresent() && !record.get().active()) {
                String asset = registry.asset(record.get().assetSha256()).map(Asset::describe)
                        .orElse("sha256 " + record.get().assetSha256());
                revoked.add(record.get().scope() + " consent for " + asset + " was revoked on "
                        + record.get().revokedAt().orElseThrow());
            }
        }
        if (!revoked.isEmpty()) {
            warnings.accept("the model at " + modelDir + " needs retraining: " + String.join("; ", revoked)
                    + ". Retrain it without those assets ('auteur dataset import' leaves revoked assets out).");
        }
    }

    /** The manifest with the model's action naming the model, the generation and the dataset manifest hash. */
    ManifestDefinition annotate(ManifestDefinition definition, ModelConfig config, String generationId) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("io.auteur.model", config.name() + "@" + config.version());
        parameters.put("io.auteur.generationId", generationId);
        lineage.ifPresent(chain -> {
            parameters.put("io.auteur.datasetManifest", "sha256:" + chain.sha256());
            if (!chain.baseSha256s().isEmpty()) {
                parameters.put("io.auteur.baseDatasetManifests", String.join(",",
                        chain.baseSha256s().stream().map(sha -> "sha256:" + sha).toList()));
            }
        });
        String agent = "Auteur " + config.name();
        List<Action> actions = definition.actions().stream()
                .map(action -> action.softwareAgent().filter(agent::equals).isPresent()
                        ? action.withParameters(parameters) : action)
                .toList();
        return new ManifestDefinition(definition.title(), actions, definition.ingredients(), definition.softBinding(),
                definition.trainingMining());
    }

    /**
     * Credits the contributors of the model's datasets for generation {@code generationId} and says what it did:
     * empty when the model learned from no contributed media. {@code overrideMinorUnits} replaces the configured
     * amount. The output is already written when this runs, so a failure says how to credit it without paying twice.
     */
    Optional<String> credit(String generationId, ModelConfig config, Long overrideMinorUnits, Path output)
            throws IOException {
        Optional<Ledger.Outcome> outcome;
        try {
            outcome = post(generationId, config, overrideMinorUnits);
        } catch (RuntimeException e) {
            throw new IllegalStateException("wrote " + output + ", but could not credit the model's contributors for "
                    + "generation " + generationId + ": " + e.getMessage() + "; run the same command again with "
                    + "--generation-id " + generationId + " to credit them (once)", e);
        }
        return outcome.map(posted -> (posted.posted() ? "credited" : "already credited") + " generation "
                + generationId + ": " + String.join(", ", posted.postings().stream()
                        .filter(posting -> !posting.accountId().equals(Ledger.STUDIO_ACCOUNT))
                        .map(posting -> posting.accountId().substring(posting.accountId().indexOf(':') + 1) + " "
                                + Statement.major(posting.amountMinor(), posted.currency()))
                        .toList()));
    }

    private Optional<Ledger.Outcome> post(String generationId, ModelConfig config, Long overrideMinorUnits)
            throws IOException {
        if (lineage.isEmpty()) {
            return Optional.empty();
        }
        List<Ledger.Share> shares = new ArrayList<>();
        for (DatasetManifest.ContributorShare share : lineage.get().shares()) {
            if (share.clipMillis() > 0) {
                shares.add(new Ledger.Share(share.contributor(), share.clipMillis()));
            }
        }
        if (shares.isEmpty()) {
            return Optional.empty();
        }
        Properties settings = settings();
        long amount;
        try {
            amount = overrideMinorUnits != null ? overrideMinorUnits
                    : Long.parseLong(settings.getProperty("credit.minor-units", Long.toString(DEFAULT_CREDIT_MINOR_UNITS)).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(home.resolve(SETTINGS) + ": credit.minor-units must be a "
                    + "whole number of minor units (cents), was '" + settings.getProperty("credit.minor-units") + "'");
        }
        String currency = settings.getProperty("currency", DEFAULT_CURRENCY).strip();
        if (amount == 0) {
            return Optional.empty(); // crediting switched off
        }
        if (amount < 0) {
            throw new IllegalArgumentException("a generation credit cannot be negative, was " + amount);
        }
        return Optional.of(new Ledger(home.database().dataSource(), Clock.systemUTC()).credit(new Ledger.Credit(generationId, config.name() + "@" + config.version(),
                lineage.get().sha256(), amount, currency, shares)));
    }

    private Properties settings() throws IOException {
        Properties properties = new Properties();
        Path file = home.resolve(SETTINGS);
        if (Files.isRegularFile(file) && Files.size(file) < 65_536) {
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            }
        }
        return properties;
    }
}
