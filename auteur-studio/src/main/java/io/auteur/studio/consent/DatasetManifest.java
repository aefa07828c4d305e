package io.auteur.studio.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a dataset was made of, for consent and compensation: every asset by content hash with the consent records
 * it was imported under and the clip-seconds it contributed, and the contributors' shares. Its SHA-256 (of the
 * exact file bytes) is what model cards and generated outputs cite.
 *
 * <p>A synthetic dataset (previs renders) has a manifest too, with no assets: it says where the renders came from,
 * so every model can cite one.
 *
 * @param kind    "consented" (contributed media) or "synthetic"
 * @param created when it was written (absent for synthetic manifests, which are derived and so reproducible)
 * @param source  how the clips were made (generator, size, frames, fps, ...)
 */
public record DatasetManifest(String kind, Optional<Instant> created, Map<String, Object> source, List<AssetEntry> assets,
                              List<ContributorShare> contributors) {
    public static final String FILE = "dataset-manifest.json";
    public static final String FORMAT = "auteur-dataset-manifest/1";
    public static final String CONSENTED = "consented";
    public static final String SYNTHETIC = "synthetic";
    private static final int MAX_BYTES = 64 << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One asset of the dataset.
     *
     * @param consents   the consent record id the import relied on, per scope
     * @param clipMillis milliseconds of the asset's footage that became training clips
     * @param windows    training windows cut from it
     */
    public record AssetEntry(String sha256, String file, String contributor, String licence, Map<Scope, Long> consents,
                             long clipMillis, int windows) {
        public AssetEntry {
            Hashes.checkSha256(sha256);
            Objects.requireNonNull(file, "file");
            Contributor.checkId(contributor);
            Objects.requireNonNull(licence, "licence");
            EnumMap<Scope, Long> ordered = new EnumMap<>(Scope.class); // written in scope order
            ordered.putAll(consents);
            consents = java.util.Collections.unmodifiableMap(ordered);
            if (clipMillis < 0 || windows < 0) {
                throw new ConsentException("clip milliseconds and windows cannot be negative");
            }
        }

        public String describe() {
            return file + " (sha256 " + sha256.substring(0, 12) + ")";
        }
    }

    /** A contributor's share of the dataset, in milliseconds of footage. */
    public record ContributorShare(String contributor, long clipMillis) {
        public ContributorShare {
            Contributor.checkId(contributor);
            if (clipMillis < 0) {
                throw new ConsentException("a share cannot be negative");
            }
        }
    }

    public DatasetManifest {
        if (!kind.equals(CONSENTED) && !kind.equals(SYNTHETIC)) {
            throw new ConsentException("a dataset manifest is consented or synthetic, was " + kind);
        }
        Objects.requireNonNull(created, "created");
        source = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(source));
        assets = List.copyOf(assets);
        contributors = List.copyOf(contributors);
        if (kind.equals(SYNTHETIC) && !assets.isEmpty()) {
            throw new ConsentException("a synthetic dataset manifest holds no assets");
        }
        if (!contributors.equals(sharesOf(assets))) {
            throw new ConsentException("the contributor shares do not add up to the assets' clip-seconds");
        }
    }

    /** A manifest of contributed assets; the shares are computed from them. */
    public static DatasetManifest consented(Instant created, Map<String, Object> source, List<AssetEntry> assets) {
        return new DatasetManifest(CONSENTED, Optional.of(created), source, assets, sharesOf(assets));
    }

    /** The manifest of a previs dataset, derived from its manifest.json: renders only, no contributors. */
    public static DatasetManifest synthetic(JsonNode previsManifest) {
        Map<String, Object> source = new java.util.LinkedHashMap<>();
        for (String field : List.of("generator", "format", "count", "width", "height", "frames", "fps", "firstSeed",
                "lastSeed", "contributors")) {
            JsonNode value = previsManifest.path(field);
            if (!value.isMissingNode()) {
                source.put(field, value.isNumber() ? value.numberValue() : value.asText());
            }
        }
        return new DatasetManifest(SYNTHETIC, Optional.empty(), source, List.of(), List.of());
    }

    /** Contributor shares: the sum of each contributor's clip milliseconds, ordered by contributor id. */
    static List<ContributorShare> sharesOf(List<AssetEntry> assets) {
        Map<String, Long> sums = new TreeMap<>();
        for (AssetEntry asset : assets) {
            sums.merge(asset.contributor(), asset.clipMillis(), Long::sum);
        }
        List<ContributorShare> out = new ArrayList<>();
        sums.forEach((id, millis) -> out.add(new ContributorShare(id, millis)));
        return out;
    }

    /** The manifest with its exact bytes and their SHA-256, as written to or read from a file. */
    public record Stored(DatasetManifest manifest, byte[] bytes, String sha256) {
        public Stored {
            Objects.requireNonNull(manifest, "manifest");
            bytes = bytes.clone();
            Hashes.checkSha256(sha256);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public void write(Path file) throws IOException {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.write(partial, bytes);
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    public Stored store() {
        byte[] bytes = toJson();
        return new Stored(this, bytes, Hashes.sha256(bytes));
    }

    /** Reads a manifest file; with {@code expectedSha256}, its bytes must hash to it. */
    public static Stored read(Path file, Optional<String> expectedSha256) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ConsentException(file + ": no dataset manifest here");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new ConsentException(file + ": a dataset manifest is at most " + (MAX_BYTES >> 20) + " MiB");
        }
        byte[] bytes = Files.readAllBytes(file);
        String sha256 = Hashes.sha256(bytes);
        if (expectedSha256.isPresent() && !expectedSha256.get().equals(sha256)) {
            throw new ConsentException(file + ": the dataset manifest was changed: its SHA-256 is " + sha256
                    + ", but " + expectedSha256.get() + " was recorded");
        }
        return new Stored(parse(bytes, file.toString()), bytes, sha256);
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("kind", kind);
        created.ifPresent(instant -> root.put("created", instant.toString()));
        root.set("source", JSON.valueToTree(source));
        ArrayNode assetArray = root.putArray("assets");
        for (AssetEntry asset : assets) {
            ObjectNode node = assetArray.addObject();
            node.put("sha256", asset.sha256());
            node.put("file", asset.file());
            node.put("contributor", asset.contributor());
            node.put("licence", asset.licence());
            ObjectNode consentNode = node.putObject("consent");
            asset.consents().forEach((scope, id) -> consentNode.put(scope.label(), id));
            node.put("clipMillis", asset.clipMillis());
            node.put("windows", asset.windows());
        }
        ArrayNode shareArray = root.putArray("contributors");
        for (ContributorShare share : contributors) {
            shareArray.addObject().put("id", share.contributor()).put("clipMillis", share.clipMillis());
        }
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a dataset manifest", e);
        }
    }

    static DatasetManifest parse(byte[] bytes, String source) {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (!FORMAT.equals(root.path("format").asText())) {
                throw new ConsentException(source + ": not a dataset manifest (format " + root.path("format").asText("none")
                        + ", expected " + FORMAT + ")");
            }
            List<AssetEntry> assets = new ArrayList<>();
            for (JsonNode node : root.path("assets")) {
                Map<Scope, Long> consents = new EnumMap<>(Scope.class);
                node.path("consent").properties().forEach(entry ->
                        consents.put(Scope.parse(entry.getKey()), entry.getValue().asLong()));
                assets.add(new AssetEntry(node.path("sha256").asText(), node.path("file").asText(),
                        node.path("contributor").asText(), node.path("licence").asText(), consents,
                        node.path("clipMillis").asLong(), node.path("windows").asInt()));
            }
            List<ContributorShare> shares = new ArrayList<>();
            for (JsonNode node : root.path("contributors")) {
                shares.add(new ContributorShare(node.path("id").asText(), node.path("clipMillis").asLong()));
            }
            Optional<Instant> created = root.hasNonNull("created")
                    ? Optional.of(Instant.parse(root.path("created").asText())) : Optional.empty();
            @SuppressWarnings("unchecked")
            Map<String, Object> sourceMap = JSON.treeToValue(root.path("source"), Map.class);
            return new DatasetManifest(root.path("kind").asText(), created, sourceMap == null ? Map.of() : sourceMap,
                    assets, shares);
        } catch (IOException | java.time.format.DateTimeParseException e) {
            throw new ConsentException(source + ": unreadable dataset manifest: " + e.getMessage());
        } catch (ConsentException e) {
            throw e.getMessage().startsWith(source) ? e : new ConsentException(source + ": " + e.getMessage());
        }
    }
}
