package io.auteur.provenance.c2pa.internal;

import io.auteur.media.Limits;
import io.auteur.provenance.c2pa.Action;
import io.auteur.provenance.c2pa.C2paException;
import io.auteur.provenance.c2pa.Ingredient;
import io.auteur.provenance.c2pa.ManifestDefinition;
import io.auteur.provenance.c2pa.Signer;
import io.auteur.provenance.c2pa.TrainingMining;
import io.auteur.provenance.c2pa.ValidationReport;
import io.auteur.provenance.c2pa.ValidationStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Builds and embeds a manifest store: ingredient manifests first, then the new active manifest with its
 * assertions, its claim (c2pa.claim.v2) and the COSE signature of the claim.
 *
 * <p>The hard binding must exclude the bytes the store will occupy, and the store contains the hard binding, so
 * the store is first built with a zero hash to learn its size, then built again with the real hash: every field
 * that depends on the hash has a fixed length, so the size does not change.
 */
public final class ManifestWriter {
    public static final String GENERATOR = "Auteur";
    public static final String GENERATOR_VERSION = "0.1.0";
    private static final String ALGORITHM = "sha256";
    private static final int MAX_SIZING_ROUNDS = 8;

    private ManifestWriter() {
    }

    /** One assertion box ready to go into the assertion store. */
    private record AssertionBox(String label, byte[] box) {
    }

    /** An ingredient as read: its assertion content and the manifests it brings. */
    private record PreparedIngredient(Map<String, Object> assertion, List<Jumbf.SuperBox> manifests) {
    }

    /**
     * Signs {@code in} into {@code out}.
     *
     * @param validateIngredient validates an ingredient file that carries a manifest (its results are recorded)
     */
    public static void sign(Path in, Path out, ManifestDefinition definition, Signer signer, Limits limits,
                            Function<Path, Optional<ValidationReport>> validateIngredient,
                            io.auteur.provenance.c2pa.TimestampClient timestamps) {
        AssetHandler handler = AssetHandler.forFile(in);
        AssetHandler.Embedding embedding = handler.prepare(in, limits);
        String label = "urn:c2pa:" + UUID.randomUUID();

        List<PreparedIngredient> ingredients = new ArrayList<>();
        for (Ingredient ingredient : definition.ingredients()) {
            ingredients.add(prepareIngredient(ingredient, limits, validateIngredient));
        }
        List<byte[]> carriedManifests = new ArrayList<>();
        Set<String> carriedLabels = new LinkedHashSet<>();
        for (PreparedIngredient ingredient : ingredients) {
            for (Jumbf.SuperBox manifest : ingredient.manifests()) {
                if (carriedLabels.add(manifest.label())) {
                    carriedManifests.add(manifest.bytes());
                }
            }
        }

        List<AssertionBox> assertions = new ArrayList<>();
        List<String> ingredientLabels = new ArrayList<>();
        for (int i = 0; i < ingredients.size(); i++) {
            String assertionLabel = "c2pa.ingredient.v3" + (i == 0 ? "" : "__" + i);
            ingredientLabels.add(assertionLabel);
            assertions.add(new AssertionBox(assertionLabel,
                    Jumbf.cborAssertion(assertionLabel, Cbor.encode(ingredients.get(i).assertion()))));
        }
        assertions.add(new AssertionBox("c2pa.actions.v2",
                Jumbf.cborAssertion("c2pa.actions.v2", Cbor.encode(actions(definition, assertions, ingredientLabels)))));
        definition.softBinding().ifPresent(binding -> {
            Map<String, Object> block = new LinkedHashMap<>();
            block.put("scope", Map.of());
            block.put("value", binding.value());
            Map<String, Object> softBinding = new LinkedHashMap<>();
            softBinding.put("alg", binding.algorithm());
            softBinding.put("blocks", List.of(block));
            assertions.add(new AssertionBox("c2pa.soft-binding",
                    Jumbf.cborAssertion("c2pa.soft-binding", Cbor.encode(softBinding))));
        });
        assertions.add(new AssertionBox("cawg.training-mining",
                Jumbf.cborAssertion("cawg.training-mining", Cbor.encode(trainingMining(definition.trainingMining())))));

        int size = 0;
        byte[] store = null;
        for (int round = 0; round < MAX_SIZING_ROUNDS; round++) {
            store = build(label, definition, signer, assertions, embedding, carriedManifests, size, false, timestamps);
            if (store.length == size) {
                break;
            }
            size = store.length;
        }
        if (store == null || store.length != size) {
            throw new C2paException(in + ": the manifest store size did not settle");
        }
        byte[] signed = build(label, definition, signer, assertions, embedding, carriedManifests, size, true, timestamps);
        if (signed.length != size) {
            throw new C2paException(in + ": the manifest store changed size when hashed (" + size + " -> "
                    + signed.length + " bytes)");
        }
        embedding.write(signed, out);
    }

    private static byte[] build(String label, ManifestDefinition definition, Signer signer,
                                List<AssertionBox> assertions, AssetHandler.Embedding embedding,
                                List<byte[]> carriedManifests, int storeSize, boolean computeHash,
                                io.auteur.provenance.c2pa.TimestampClient timestamps) {
        Map<String, Object> binding = embedding.binding(storeSize, ALGORITHM, computeHash);
        List<AssertionBox> all = new ArrayList<>(assertions);
        all.add(new AssertionBox(embedding.bindingLabel(), Jumbf.cborAssertion(embedding.bindingLabel(), Cbor.encode(binding))));

        List<Object> created = new ArrayList<>();
        for (AssertionBox assertion : all) {
            created.add(hashedUri("self#jumbf=c2pa.assertions/" + assertion.label(),
                    Jumbf.digest(ALGORITHM, assertion.box(), 8, assertion.box().length - 8)));
        }
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("instanceID", "xmp:iid:" + UUID.nameUUIDFromBytes(label.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Map<String, Object> generator = new LinkedHashMap<>();
        generator.put("name", GENERATOR);
        generator.put("version", GENERATOR_VERSION);
        claim.put("claim_generator_info", generator);
        claim.put("signature", "self#jumbf=/c2pa/" + label + "/c2pa.signature");
        claim.put("created_assertions", created);
        claim.put("dc:title", definition.title());
        claim.put("alg", ALGORITHM);
        byte[] claimBytes = Cbor.encode(claim);
        // A time stamp only when the signer names an authority; while sizing, room is reserved without asking it.
        // The imprint is SHA-256 whatever the claim's algorithm, as c2pa-rs requests it.
        Optional<Function<byte[], byte[]>> timestamper = signer.timestampAuthority().map(url -> toBeTimestamped ->
                computeHash ? timestamps.timestamp(url, Jumbf.digest("sha256", toBeTimestamped, 0, toBeTimestamped.length))
                        : null);
        byte[] cose = Cose.sign(claimBytes, signer, timestamper);

        byte[] manifest = Jumbf.superBox(Jumbf.MANIFEST, label,
                Jumbf.superBox(Jumbf.ASSERTION_STORE, "c2pa.assertions", all.stream().map(AssertionBox::box).toArray(byte[][]::new)),
                Jumbf.superBox(Jumbf.CLAIM, "c2pa.claim.v2", Jumbf.box("cbor", claimBytes)),
                Jumbf.superBox(Jumbf.SIGNATURE, "c2pa.signature", Jumbf.box("cbor", cose)));
        List<byte[]> manifests = new ArrayList<>(carriedManifests);
        manifests.add(manifest);
        return Jumbf.superBox(Jumbf.MANIFEST_STORE, "c2pa", manifests.toArray(byte[][]::new));
    }

    static Map<String, Object> hashedUri(String url, byte[] hash) {
        Map<String, Object> uri = new LinkedHashMap<>();
        uri.put("url", url);
        uri.put("hash", hash);
        return uri;
    }

    private static Map<String, Object> actions(ManifestDefinition definition, List<AssertionBox> ingredientBoxes,
                                               List<String> ingredientLabels) {
        List<Object> list = new ArrayList<>();
        for (Action action : definition.actions()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("action", action.action());
            action.digitalSourceType().ifPresent(type -> entry.put("digitalSourceType", type.uri()));
            action.softwareAgent().ifPresent(name -> {
                Map<String, Object> agent = new LinkedHashMap<>();
                agent.put("name", name);
                action.agentVersion().ifPresent(version -> agent.put("version", version));
                entry.put("softwareAgent", agent);
            });
            action.description().ifPresent(text -> entry.put("description", text));
            Map<String, Object> parameters = new LinkedHashMap<>(new java.util.TreeMap<>(action.parameters()));
            if (!action.ingredients().isEmpty()) {
                List<Object> references = new ArrayList<>();
                for (int index : action.ingredients()) {
                    byte[] box = ingredientBoxes.get(index).box();
                    references.add(hashedUri("self#jumbf=c2pa.assertions/" + ingredientLabels.get(index),
                            Jumbf.digest(ALGORITHM, box, 8, box.length - 8)));
                }
                parameters.put("ingredients", references);
            }
            if (!parameters.isEmpty()) {
                entry.put("parameters", parameters);
            }
            list.add(entry);
        }
        return Map.of("actions", list);
    }

    private static Map<String, Object> trainingMining(TrainingMining permissions) {
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put("cawg.ai_generative_training", Map.of("use", permissions.generativeTraining().label()));
        entries.put("cawg.ai_inference", Map.of("use", permissions.inference().label()));
        entries.put("cawg.ai_training", Map.of("use", permissions.training().label()));
        entries.put("cawg.data_mining", Map.of("use", permissions.dataMining().label()));
        return Map.of("entries", entries);
    }

    private static PreparedIngredient prepareIngredient(Ingredient ingredient, Limits limits,
                                                        Function<Path, Optional<ValidationReport>> validate) {
        AssetHandler handler = AssetHandler.forFile(ingredient.file());
        Map<String, Object> assertion = new LinkedHashMap<>();
        assertion.put("dc:title", ingredient.title());
        assertion.put("dc:format", handler.mimeType());
        assertion.put("relationship", ingredient.relationship().label());
        Optional<byte[]> storeBytes = handler.readManifestStore(ingredient.file(), limits);
        if (storeBytes.isEmpty()) {
            return new PreparedIngredient(assertion, List.of());
        }
        Jumbf.SuperBox store = Jumbf.parse(storeBytes.get(), limits, ingredient.file().toString());
        List<Jumbf.SuperBox> manifests = store.superBoxes().stream()
                .filter(m -> m.isA(Jumbf.MANIFEST) || m.isA(Jumbf.UPDATE_MANIFEST)).toList();
        if (manifests.isEmpty()) {
            return new PreparedIngredient(assertion, List.of());
        }
        Jumbf.SuperBox active = manifests.getLast();
        Jumbf.SuperBox signature = active.superBoxes().stream().filter(b -> b.isA(Jumbf.SIGNATURE)).findFirst()
                .orElseThrow(() -> new C2paException(ingredient.file() + ": active manifest has no signature"));
        assertion.put("activeManifest", hashedUri("self#jumbf=/c2pa/" + active.label(), active.digest(ALGORITHM)));
        assertion.put("claimSignature", hashedUri("self#jumbf=/c2pa/" + active.label() + "/c2pa.signature",
                signature.digest(ALGORITHM)));
        Optional<ValidationReport> report = validate.apply(ingredient.file());
        if (report.isPresent()) {
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("success", ValidationStatus.asMaps(report.get().success()));
            results.put("informational", ValidationStatus.asMaps(report.get().informational()));
            results.put("failure", ValidationStatus.asMaps(report.get().failure()));
            assertion.put("validationResults", Map.of("activeManifest", results));
        }
        return new PreparedIngredient(assertion, manifests);
    }
}
