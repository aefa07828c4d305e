package io.auteur.studio.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data a trained model learned from: the manifest of its own dataset and, for a fine-tuned model, those of the
 * model it started from, all the way down. The model folder keeps each manifest as {@code datasets/SHA256.json}
 * (exact bytes), and {@code training.json} describes the chain under {@value #FIELD}: the hash, the kind, the
 * consent records training relied on, and the base model's own description under {@code base}.
 *
 * @param description the {@value #FIELD} node of training.json
 * @param manifests   the model's own dataset manifest first, then its base's, and so on
 */
public record ModelLineage(JsonNode description, List<DatasetManifest.Stored> manifests) {
    public static final String FIELD = "datasetManifest";
    public static final String FOLDER = "datasets";
    private static final int MAX_DEPTH = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelLineage {
        manifests = List.copyOf(manifests);
        if (manifests.isEmpty()) {
            throw new ConsentException("a model lineage has at least its own dataset manifest");
        }
    }

    /** The model's own dataset manifest hash, which its outputs cite. */
    public String sha256() {
        return manifests.getFirst().sha256();
    }

    public String kind() {
        return manifests.getFirst().manifest().kind();
    }

    /** The hashes of the base models' dataset manifests, nearest first. */
    public List<String> baseSha256s() {
        return manifests.stream().skip(1).map(DatasetManifest.Stored::sha256).toList();
    }

    /** Every consent record the model's training (and its bases' training) relied on. */
    public List<Long> consentsUsed() {
        Set<Long> ids = new LinkedHashSet<>();
        JsonNode node = description;
        for (int depth = 0; depth < MAX_DEPTH && !node.isMissingNode(); depth++, node = node.path("base")) {
            node.path("consentsUsed").forEach(id -> ids.add(id.asLong()));
        }
        return List.copyOf(ids);
    }

    /** Every asset the model learned from, across the chain, each once (its first occurrence). */
    public List<DatasetManifest.AssetEntry> assets() {
        Map<String, DatasetManifest.AssetEntry> unique = new LinkedHashMap<>();
        for (DatasetManifest.Stored stored : manifests) {
            for (DatasetManifest.AssetEntry asset : stored.manifest().assets()) {
                unique.putIfAbsent(asset.sha256(), asset);
            }
        }
        return List.copyOf(unique.values());
    }

    /** Contributor shares over {@link #assets()}: what a generation by this model pays out by. */
    public List<DatasetManifest.ContributorShare> shares() {
        return DatasetManifest.sharesOf(assets());
    }

    /**
     * The {@value #FIELD} description of a model about to be trained on {@code dataset} for {@code scope}, relying
     * on {@code consentsUsed}, started from {@code base} when fine-tuning.
     */
    public static ObjectNode describe(DatasetManifest.Stored dataset, Scope scope, List<Long> consentsUsed,
                                      Optional<BaseModel> base) {
        ObjectNode node = JSON.createObjectNode();
        node.put("sha256", dataset.sha256());
        node.put("kind", dataset.manifest().kind());
        node.put("scope", scope.label());
        node.put("file", FOLDER + "/" + dataset.sha256() + ".json");
        node.put("assets", dataset.manifest().assets().size());
        var contributors = node.putArray("contributors");
        dataset.manifest().contributors().forEach(share -> contributors.add(share.contributor()));
        var consents = node.putArray("consentsUsed");
        consentsUsed.forEach(consents::add);
        base.ifPresent(model -> {
            ObjectNode baseNode = model.lineage().map(lineage -> lineage.description().deepCopy())
                    .map(ObjectNode.class::cast).orElseGet(JSON::createObjectNode);
            baseNode.put("model", model.name());
            baseNode.put("version", model.version());
            node.set("base", baseNode);
        });
        return node;
    }

    /** The model a fine-tuning run starts from, with its lineage when it has one. */
    public record BaseModel(String name, String version, Optional<ModelLineage> lineage) {}

    /** Writes the manifests of the chain into {@code modelDir}/datasets. */
    public static void writeManifests(Path modelDir, DatasetManifest.Stored dataset, Optional<ModelLineage> base)
            throws IOException {
        Path folder = modelDir.resolve(FOLDER);
        Files.createDirectories(folder);
        dataset.write(folder.resolve(dataset.sha256() + ".json"));
        if (base.isPresent()) {
            for (DatasetManifest.Stored stored : base.get().manifests()) {
                stored.write(folder.resolve(stored.sha256() + ".json"));
            }
        }
    }

    /**
     * The lineage of the model in {@code modelDir}: empty for a model trained before dataset manifests existed
     * (its training.json has no {@value #FIELD}). Every manifest's bytes must hash to the recorded value.
     */
    public static Optional<ModelLineage> read(Path modelDir) throws IOException {
        Path training = modelDir.resolve("training.json");
        if (!Files.isRegularFile(training) || Files.size(training) > 16 << 20) {
            return Optional.empty();
        }
        JsonNode description = JSON.readTree(training.toFile()).path(FIELD);
        if (!description.isObject()) {
            return Optional.empty();
        }
        List<DatasetManifest.Stored> manifests = new ArrayList<>();
        JsonNode node = description;
        for (int depth = 0; depth < MAX_DEPTH && node.has("sha256"); depth++, node = node.path("base")) {
            String sha256 = node.path("sha256").asText();
            Hashes.checkSha256(sha256);
            manifests.add(DatasetManifest.read(modelDir.resolve(FOLDER).resolve(sha256 + ".json"), Optional.of(sha256)));
        }
        return manifests.isEmpty() ? Optional.empty() : Optional.of(new ModelLineage(description, manifests));
    }
}
