package io.auteur.studio.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code auteur train} checks before it touches a dataset: that the dataset has a manifest, and that every
 * asset in it has live consent for the use at hand (training, or fine-tuning when starting from a model), as the
 * registry says now, not as it said at import. Every refused asset is named; nothing trains until none is.
 */
public final class TrainingGate {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The generator name previs writes into a synthetic dataset's manifest.json. */
    static final String PREVIS_GENERATOR = "auteur-previs/";

    private TrainingGate() {}

    /** What the gate let through: the dataset's manifest and the consent records training relies on. */
    public record Approval(DatasetManifest.Stored dataset, Scope scope, List<Long> consentsUsed) {
        public Approval {
            consentsUsed = List.copyOf(consentsUsed);
        }
    }

    /**
     * The dataset manifest of the dataset folder {@code data}: the one import wrote (its hash checked against
     * manifest.json), or for a previs dataset a synthetic one derived from its manifest.json.
     */
    public static DatasetManifest.Stored manifestOf(Path data) throws IOException {
        Path shards = data.resolve("manifest.json");
        if (!Files.isRegularFile(shards)) {
            throw new ConsentException(data + ": not a dataset folder (no manifest.json)");
        }
        JsonNode manifest = JSON.readTree(shards.toFile());
        JsonNode reference = manifest.path(ModelLineage.FIELD);
        if (reference.isObject()) {
            String file = reference.path("file").asText(DatasetManifest.FILE);
            Path path = data.resolve(file).normalize();
            if (!path.startsWith(data.normalize())) {
                throw new ConsentException(data + ": manifest.json names a dataset manifest outside the folder");
            }
            return DatasetManifest.read(path, Optional.of(reference.path("sha256").asText()));
        }
        if (manifest.path("generator").asText().startsWith(PREVIS_GENERATOR)) {
            return DatasetManifest.synthetic(manifest).store();
        }
        throw new ConsentException(data + ": this dataset has no dataset manifest, so nothing says its clips may be "
                + "used; import footage with 'auteur dataset import' (which registers consent) or render synthetic "
                + "data with 'auteur previs dataset'");
    }

    /**
     * Checks {@code dataset} for {@code scope} against the registry, and that nothing the base model learned from
     * has been revoked since. Returns the consent records relied on.
     *
     * @throws ConsentException naming every asset without live consent
     */
    public static Approval check(DatasetManifest.Stored dataset, Scope scope, Optional<ModelLineage> base,
                                 ConsentRegistry registry) {
        List<String> refusals = new ArrayList<>();
        List<Long> used = new ArrayList<>();
        for (DatasetManifest.AssetEntry asset : dataset.manifest().assets()) {
            refusal(asset, scope, registry, used).ifPresent(refusals::add);
        }
        if (base.isPresent()) {
            for (long id : base.get().consentsUsed()) {
                Optional<ConsentRecord> record = registry.consent(id);
                if (record.isEmpty() || !record.get().active()) {
                    String asset = record.map(r -> registry.asset(r.assetSha256()).map(Asset::describe)
                            .orElse("sha256 " + r.assetSha256())).orElse("an unknown asset");
                    refusals.add("the base model was trained on " + asset + " whose consent record " + id
                            + (record.isEmpty() ? " is not in this registry" : " was revoked on "
                            + record.get().revokedAt().orElseThrow()) + "; retrain the base first");
                } else {
                    used.add(id);
                }
            }
        }
        if (!refusals.isEmpty()) {
            throw new ConsentException("refusing to train (" + scope + "): " + refusals.size() + " asset"
                    + (refusals.size() == 1 ? "" : "s") + " without consent:\n  " + String.join("\n  ", refusals));
        }
        return new Approval(dataset, scope, used);
    }

    private static Optional<String> refusal(DatasetManifest.AssetEntry entry, Scope scope, ConsentRegistry registry,
                                            List<Long> used) {
        Optional<Asset> asset = registry.asset(entry.sha256());
        if (asset.isEmpty()) {
            return Optional.of(entry.describe() + " is not in the consent registry");
        }
        if (!asset.get().contributorId().equals(entry.contributor())) {
            return Optional.of(entry.describe() + " belongs to contributor '" + asset.get().contributorId()
                    + "', but the manifest says '" + entry.contributor() + "'");
        }
        Long id = entry.consents().get(scope);
        if (id == null) {
            boolean grantedSince = registry.activeConsent(entry.sha256(), scope).isPresent();
            return Optional.of(entry.describe() + " has no " + scope + " consent in this dataset's manifest"
                    + (grantedSince ? " (it was granted since: import the dataset again to record it)" : ""));
        }
        Optional<ConsentRecord> record = registry.consent(id);
        if (record.isEmpty() || !record.get().assetSha256().equals(entry.sha256()) || record.get().scope() != scope) {
            return Optional.of(entry.describe() + ": consent record " + id + " is not a " + scope
                    + " grant for this asset");
        }
        if (!record.get().active()) {
            return Optional.of(entry.describe() + ": " + scope + " consent (record " + id + ") was revoked on "
                    + record.get().revokedAt().orElseThrow()
                    + record.get().revocationReason().map(reason -> " (" + reason + ")").orElse(""));
        }
        used.add(id);
        return Optional.empty();
    }
}
