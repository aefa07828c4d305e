package io.auteur.studio.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.studio.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry on a real H2 file database, migrated by Flyway. */
class ConsentRegistryTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123456Z");

    @TempDir
    Path dir;

    Database database;
    ConsentRegistry registry;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:h2:file:" + dir.resolve("db/auteur"), "sa", "");
        registry = new ConsentRegistry(database.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        database.close();
    }

    static ConsentRegistry.AssetFacts facts(char digit, String name) {
        return new ConsentRegistry.AssetFacts(String.valueOf(digit).repeat(64), name, "mov,mp4", 720, 1280, 30, 2.0);
    }

    @Test
    void contributorsAreAddedUpdatedAndListed() {
        registry.saveContributor("alice", "Alice Example", Optional.of("IBAN DE00 1234"));
        registry.saveContributor("bob", "Bob", Optional.empty());
        Contributor updated = registry.saveContributor("alice", "Alice E.", Optional.empty());
        assertThat(updated.name()).isEqualTo("Alice E.");
        assertThat(updated.payoutReference()).contains("IBAN DE00 1234");
        assertThat(updated.createdAt()).isEqualTo(NOW);
        assertThat(registry.contributors()).extracting(Contributor::id).containsExactly("alice", "bob");
        assertThat(registry.contributor("carol")).isEmpty();
        assertThatThrownBy(() -> registry.requireContributor("carol")).hasMessageContaining("auteur consent add --contributor carol");
        assertThatThrownBy(() -> registry.saveContributor("no spaces", "x", Optional.empty())).isInstanceOf(ConsentException.class);
    }

    @Test
    void anAssetBelongsToOneContributorAndIsFoundByHashPrefix() {
        registry.saveContributor("alice", "Alice", Optional.empty());
        registry.saveContributor("bob", "Bob", Optional.empty());
        Asset asset = registry.registerAsset("alice", facts('a', "waterfall.mp4"), "CC-BY-4.0", TrainingPermissions.none());
        assertThat(asset.registeredAt()).isEqualTo(NOW);
        assertThat(asset.c2paTrainingMining()).isEmpty();
        assertThat(registry.registerAsset("alice", facts('a', "copy.mp4"), "CC0-1.0", TrainingPermissions.none()))
                .isEqualTo(asset);
        assertThatThrownBy(() -> registry.registerAsset("bob", facts('a', "mine.mp4"), "CC0-1.0", TrainingPermissions.none()))
                .hasMessageContaining("waterfall.mp4").hasMessageContaining("already registered to contributor 'alice'");
        assertThat(registry.findAsset("aaaaaaaa")).isEqualTo(asset);
        assertThatThrownBy(() -> registry.findAsset("bbbbbbbb")).hasMessageContaining("no registered asset");
        assertThat(registry.assets(Optional.of("bob"))).isEmpty();
        assertThat(registry.assets(Optional.empty())).containsExactly(asset);
    }

    @Test
    void grantsAreIdempotentAndRevocationMarksEveryModelTrainedOnThem() {
        registry.saveContributor("alice", "Alice", Optional.empty());
        registry.registerAsset("alice", facts('a', "a.mp4"), "CC-BY-4.0", TrainingPermissions.none());
        registry.registerAsset("alice", facts('b', "b.mp4"), "CC-BY-4.0", TrainingPermissions.none());
        ConsentRecord training = registry.grant("a".repeat(64), Scope.TRAINING);
        assertThat(registry.grant("a".repeat(64), Scope.TRAINING)).isEqualTo(training);
        ConsentRecord fineTuning = registry.grant("a".repeat(64), Scope.FINE_TUNING);
        ConsentRecord other = registry.grant("b".repeat(64), Scope.TRAINING);
        TrainedModel onA = registry.recordModel(dir.resolve("models/a"), "worlds-tiny", "e".repeat(64), "consented",
                List.of(training.id()));
        registry.recordModel(dir.resolve("models/b"), "worlds-tiny", "f".repeat(64), "consented", List.of(other.id()));
        assertThat(onA.consentRecords()).isEqualTo(1);
        assertThat(registry.modelsTrainedOn("a".repeat(64))).extracting(TrainedModel::directory)
                .containsExactly(dir.resolve("models/a").toAbsolutePath());

        ConsentRegistry.Revocation revocation = registry.revoke("a".repeat(64), Optional.of(Scope.TRAINING), "asked");
        assertThat(revocation.revoked()).extracting(ConsentRecord::id).containsExactly(training.id());
        assertThat(revocation.revoked().getFirst().revokedAt()).contains(NOW);
        assertThat(revocation.revoked().getFirst().revocationReason()).contains("asked");
        assertThat(revocation.modelsMarked()).extracting(TrainedModel::name).containsExactly("worlds-tiny");
        assertThat(registry.model(dir.resolve("models/a")).orElseThrow().needsRetraining()).isTrue();
        assertThat(registry.model(dir.resolve("models/a")).orElseThrow().retrainingReason().orElseThrow())
                .contains("a.mp4").contains("training");
        assertThat(registry.model(dir.resolve("models/b")).orElseThrow().needsRetraining()).isFalse();
        assertThat(registry.activeConsent("a".repeat(64), Scope.TRAINING)).isEmpty();
        assertThat(registry.activeConsent("a".repeat(64), Scope.FINE_TUNING)).contains(fineTuning);
        // A second revocation finds nothing live; a new grant is a new record, so manifests citing the old one stay refused.
        assertThat(registry.revoke("a".repeat(64), Optional.of(Scope.TRAINING), "again").revoked()).isEmpty();
        assertThat(registry.grant("a".repeat(64), Scope.TRAINING).id()).isNotEqualTo(training.id());
        assertThat(registry.consents("a".repeat(64))).hasSize(3);
        // Retraining into the same folder replaces the remembered model.
        registry.recordModel(dir.resolve("models/a"), "worlds-tiny", "e".repeat(64), "consented", List.of());
        assertThat(registry.model(dir.resolve("models/a")).orElseThrow().needsRetraining()).isFalse();
        assertThat(registry.models()).hasSize(2);
    }

    @Test
    void contentCredentialsThatSayNotAllowedBlockTheScopesTheyGovern() {
        registry.saveContributor("alice", "Alice", Optional.empty());
        TrainingPermissions permissions = new TrainingPermissions(Optional.of("urn:c2pa:x"),
                Map.of("cawg.ai_training", "notAllowed", "cawg.ai_generative_training", "notAllowed",
                        "cawg.ai_inference", "allowed", "cawg.data_mining", "constrained"));
        Asset asset = registry.registerAsset("alice", facts('c', "signed.mp4"), "CC-BY-4.0", permissions);
        assertThat(asset.c2paTrainingMining()).contains("cawg.ai_generative_training=notAllowed; "
                + "cawg.ai_inference=allowed; cawg.ai_training=notAllowed; cawg.data_mining=constrained");
        assertThatThrownBy(() -> registry.grant(asset.sha256(), Scope.TRAINING))
                .hasMessageContaining("signed.mp4").hasMessageContaining("notAllowed");
        assertThatThrownBy(() -> registry.grant(asset.sha256(), Scope.FINE_TUNING)).hasMessageContaining("notAllowed");
        assertThat(registry.grant(asset.sha256(), Scope.STYLE_REFERENCE).active()).isTrue();
        assertThat(registry.consents(asset.sha256())).extracting(ConsentRecord::scope).containsExactly(Scope.STYLE_REFERENCE);
    }
}
