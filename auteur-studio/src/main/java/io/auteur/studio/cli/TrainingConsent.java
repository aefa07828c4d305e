package io.auteur.studio.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auteur.engine.ModelConfig;
import io.auteur.engine.VideoModel;
import io.auteur.studio.consent.DatasetManifest;
import io.auteur.studio.consent.ModelLineage;
import io.auteur.studio.consent.Scope;
import io.auteur.studio.consent.TrainingGate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code auteur train} does about consent: before training, the gate (the dataset's manifest against the
 * registry, for training or, with --from, fine-tuning); after, the dataset manifests copied into the model folder
 * and the model remembered in the registry, so a later revocation finds it.
 */
final class TrainingConsent {
    private TrainingConsent() {}

    /** What the gate approved, the base model's lineage, and the description that goes into training.json. */
    record Checked(TrainingGate.Approval approval, Optional<ModelLineage> base, ObjectNode description) {}

    static Checked check(Path data, Path from) throws IOException {
        DatasetManifest.Stored dataset = TrainingGate.manifestOf(data);
        Scope scope = from == null ? Scope.TRAINING : Scope.FINE_TUNING;
        Optional<ModelLineage> baseLineage = Optional.empty();
        Optional<ModelLineage.BaseModel> base = Optional.empty();
        if (from != null) {
            ModelConfig baseConfig = ModelConfig.read(from.resolve(VideoModel.CONFIG));
            baseLineage = ModelLineage.read(from);
            base = Optional.of(new ModelLineage.BaseModel(baseConfig.name(), baseConfig.version(), baseLineage));
        }
        boolean needsRegistry = !dataset.manifest().assets().isEmpty()
                || baseLineage.map(lineage -> !lineage.consentsUsed().isEmpty()).orElse(false);
        TrainingGate.Approval approval;
        if (needsRegistry) {
            try (StudioRecords records = new StudioRecords()) {
                approval = TrainingGate.check(dataset, scope, baseLineage, records.registry());
            }
        } else {
            approval = new TrainingGate.Approval(dataset, scope, List.of()); // synthetic renders: nobody to ask
        }
        return new Checked(approval, baseLineage, ModelLineage.describe(dataset, scope, approval.consentsUsed(), base));
    }

    /** After training: the manifests into {@code out}/datasets and the model into the registry. */
    static void record(Path out, Checked checked) throws IOException {
        ModelLineage.writeManifests(out, checked.approval().dataset(), checked.base());
        String name = ModelConfig.read(out.resolve(VideoModel.CONFIG)).name();
        try (StudioRecords records = new StudioRecords()) {
            records.registry().recordModel(out, name, checked.approval().dataset().sha256(),
                    checked.approval().dataset().manifest().kind(), checked.approval().consentsUsed());
        }
    }
}
