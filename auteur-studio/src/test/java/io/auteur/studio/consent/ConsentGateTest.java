package io.auteur.studio.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.auteur.previs.dataset.DatasetWriter;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.studio.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training gate: consent as the registry says now, for the use at hand, for every asset, named when missing. */
class ConsentGateTest {
    @TempDir
    Path dir;

    Database database;
    ConsentRegistry registry;
    Path data;
    DatasetManifest.Stored manifest;

    @BeforeEach
    void importTwoClips() throws Exception {
        database = Database.open("jdbc:h2:file:" + dir.resolve("db/auteur"), "sa", "");
        registry = new ConsentRegistry(database.dataSource(), Clock.systemUTC());
        registry.saveContributor("alice", "Alice", Optional.empty());
        Path clips = Files.createDirectories(dir.resolve("clips"));
        Footage.movingSquare(clips.resolve("beach.mp4"), 10);
        Footage.movingSquare(clips.resolve("street.mp4"), 50);
        data = dir.resolve("data");
        FootageImport.run(new FootageImport.Request(clips, data, "alice", Set.of(Scope.TRAINING), "CC-BY-4.0", 16, 16,
                5, 8, 1, Optional.empty()), registry, C2pa.withDefaults(), Clock.systemUTC(), new FootageImport.Listener() {});
        manifest = TrainingGate.manifestOf(data);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void consentedAssetsPassAndTheRecordsReliedOnAreReturned() {
        TrainingGate.Approval approval = TrainingGate.check(manifest, Scope.TRAINING, Optional.empty(), registry);
        assertThat(approval.consentsUsed()).containsExactlyElementsOf(manifest.manifest().assets().stream()
                .map(asset -> asset.consents().get(Scope.TRAINING)).toList());
    }

    @Test
    void fineTuningNeedsItsOwnConsentAndTheRefusalNamesEveryAsset() {
        assertThatThrownBy(() -> TrainingGate.check(manifest, Scope.FINE_TUNING, Optional.empty(), registry))
                .isInstanceOf(ConsentException.class)
                .hasMessageContaining("2 assets without consent")
                .hasMessageContaining("beach.mp4 (sha256 ").hasMessageContaining("street.mp4 (sha256 ")
                .hasMessageContaining("no fine-tuning consent");
    }

    @Test
    void aRevokedAssetIsRefusedByName() {
        String street = manifest.manifest().assets().get(1).sha256();
        registry.revoke(street, Optional.empty(), "the contributor withdrew it");
        assertThatThrownBy(() -> TrainingGate.check(manifest, Scope.TRAINING, Optional.empty(), registry))
                .hasMessageContaining("1 asset without consent").hasMessageContaining("street.mp4")
                .hasMessageContaining("revoked on").hasMessageContaining("the contributor withdrew it")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("beach.mp4"));
        // Granting again does not revive a dataset that cites the revoked record: it has to be imported again.
        registry.grant(street, Scope.TRAINING);
        assertThatThrownBy(() -> TrainingGate.check(manifest, Scope.TRAINING, Optional.empty(), registry))
                .hasMessageContaining("street.mp4");
    }

    @Test
    void anAssetTheRegistryDoesNotKnowIsRefused() throws Exception {
        try (Database other = Database.open("jdbc:h2:file:" + dir.resolve("other/auteur"), "sa", "")) {
            ConsentRegistry empty = new ConsentRegistry(other.dataSource(), Clock.systemUTC());
            assertThatThrownBy(() -> TrainingGate.check(manifest, Scope.TRAINING, Optional.empty(), empty))
                    .hasMessageContaining("beach.mp4").hasMessageContaining("not in the consent registry");
        }
    }

    @Test
    void aChangedManifestOrAFolderWithoutOneIsRefused() throws Exception {
        Path file = data.resolve(DatasetManifest.FILE);
        Files.writeString(file, Files.readString(file).replace("\"clipMillis\" : 1875", "\"clipMillis\" : 9875"));
        assertThatThrownBy(() -> TrainingGate.manifestOf(data)).hasMessageContaining("was changed");
        Path unknown = Files.createDirectories(dir.resolve("unknown"));
        Files.writeString(unknown.resolve("manifest.json"), "{\"shards\": []}");
        assertThatThrownBy(() -> TrainingGate.manifestOf(unknown)).hasMessageContaining("no dataset manifest");
    }

    @Test
    void aSyntheticPrevisDatasetHasAManifestWithoutAssetsAndPassesWithoutAsking() throws Exception {
        Path previs = dir.resolve("previs");
        DatasetWriter.write(new DatasetWriter.Request(2, 16, 16, 5, 8, 7, 4, 1), previs, done -> { });
        DatasetManifest.Stored synthetic = TrainingGate.manifestOf(previs);
        assertThat(synthetic.manifest().kind()).isEqualTo(DatasetManifest.SYNTHETIC);
        assertThat(synthetic.manifest().assets()).isEmpty();
        assertThat(synthetic.manifest().source()).containsEntry("generator", DatasetWriter.GENERATOR_VERSION)
                .containsEntry("firstSeed", 7);
        assertThat(TrainingGate.manifestOf(previs).sha256()).as("derived, so reproducible").isEqualTo(synthetic.sha256());
        assertThat(TrainingGate.check(synthetic, Scope.TRAINING, Optional.empty(), registry).consentsUsed()).isEmpty();
        assertThat(DatasetManifest.read(write(synthetic), Optional.of(synthetic.sha256())).manifest()).isEqualTo(synthetic.manifest());
    }

    private Path write(DatasetManifest.Stored stored) throws Exception {
        Path file = dir.resolve("copy.json");
        stored.write(file);
        return file;
    }

    @Test
    void aBaseModelTrainedOnRevokedConsentCannotBeFineTuned() throws Exception {
        long consent = manifest.manifest().assets().getFirst().consents().get(Scope.TRAINING);
        Path base = Files.createDirectories(dir.resolve("base"));
        ModelLineage.writeManifests(base, manifest, Optional.empty());
        Files.writeString(base.resolve("training.json"), "{\"datasetManifest\": "
                + ModelLineage.describe(manifest, Scope.TRAINING, List.of(consent), Optional.empty()) + "}");
        ModelLineage lineage = ModelLineage.read(base).orElseThrow();
        assertThat(lineage.consentsUsed()).containsExactly(consent);
        assertThat(lineage.shares()).containsExactly(new DatasetManifest.ContributorShare("alice", 2 * 1875));
        Path previs = dir.resolve("previs");
        DatasetWriter.write(new DatasetWriter.Request(2, 16, 16, 5, 8, 7, 4, 1), previs, done -> { });
        DatasetManifest.Stored synthetic = TrainingGate.manifestOf(previs);
        assertThat(TrainingGate.check(synthetic, Scope.FINE_TUNING, Optional.of(lineage), registry).consentsUsed())
                .containsExactly(consent);
        registry.revoke(manifest.manifest().assets().getFirst().sha256(), Optional.empty(), "withdrawn");
        assertThatThrownBy(() -> TrainingGate.check(synthetic, Scope.FINE_TUNING, Optional.of(lineage), registry))
                .hasMessageContaining("the base model was trained on beach.mp4").hasMessageContaining("retrain the base");
    }
}
