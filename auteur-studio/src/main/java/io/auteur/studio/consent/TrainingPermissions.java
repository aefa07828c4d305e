package io.auteur.studio.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auteur.provenance.c2pa.C2pa;
import io.auteur.provenance.c2pa.C2paException;
import io.auteur.provenance.c2pa.ManifestSummary;
import io.auteur.provenance.c2pa.ValidationReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a file's own Content Credentials say about training and mining: the entries of the active manifest's
 * training-and-mining assertion ({@code cawg.training-mining}, which Auteur writes, or the C2PA 1.x
 * {@code c2pa.training-mining}, CBOR or JSON), each a use such as {@code cawg.ai_training} with "allowed",
 * "notAllowed" or "constrained".
 *
 * <p>A contributor's consent never overrides the file's own statement: a scope whose uses the file marks
 * "notAllowed" is refused. "constrained" is refused too, because its constraints are free text that no program can
 * check; a person can read them and register a copy without the restriction if the constraints are met.
 */
public record TrainingPermissions(Optional<String> manifest, Map<String, String> entries) {
    private static final List<String> ASSERTIONS = List.of("cawg.training-mining", "c2pa.training-mining");
    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainingPermissions {
        Objects.requireNonNull(manifest, "manifest");
        // Sorted, so the summary recorded on an asset and the refusal reported are the same every time.
        entries = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    /** A file without Content Credentials (or without the assertion): it says nothing, consent decides. */
    public static TrainingPermissions none() {
        return new TrainingPermissions(Optional.empty(), Map.of());
    }

    /**
     * Reads the assertion from {@code file}. A store that cannot be parsed says nothing we can honour; it is
     * recorded as such rather than failing the import, since it restricts nothing that could be read.
     */
    public static TrainingPermissions read(Path file, C2pa c2pa) {
        Optional<ValidationReport> report;
        try {
            report = c2pa.read(file);
        } catch (C2paException e) {
            return new TrainingPermissions(Optional.of("unreadable Content Credentials: " + e.getMessage()), Map.of());
        }
        if (report.isEmpty()) {
            return none();
        }
        ManifestSummary active = report.get().active();
        Map<String, String> entries = new TreeMap<>();
        for (String label : ASSERTIONS) {
            active.assertion(label).ifPresent(content -> entries.putAll(entriesOf(content)));
        }
        return new TrainingPermissions(Optional.of(active.label()), entries);
    }

    /** The entries back from {@link #summary()} as stored on an asset. */
    static TrainingPermissions fromSummary(String summary) {
        Map<String, String> entries = new TreeMap<>();
        for (String part : summary.split("; ")) {
            if (part.matches("[A-Za-z0-9_.-]{1,100}=[A-Za-z]{1,40}")) {
                entries.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
            }
        }
        return new TrainingPermissions(Optional.empty(), entries);
    }

    /** Why the file's credentials refuse {@code scope}, if they do. */
    public Optional<String> refusal(Scope scope) {
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            if (governs(entry.getKey(), scope) && !entry.getValue().equals("allowed")) {
                return Optional.of("its Content Credentials say " + entry.getKey() + ": " + entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** The entries as recorded on the asset, e.g. "cawg.ai_inference=allowed; cawg.ai_training=notAllowed". */
    public Optional<String> summary() {
        if (entries.isEmpty()) {
            return manifest.filter(text -> text.startsWith("unreadable"));
        }
        StringBuilder text = new StringBuilder();
        entries.forEach((use, value) -> text.append(text.isEmpty() ? "" : "; ").append(use).append('=').append(value));
        return Optional.of(text.length() > 2000 ? text.substring(0, 2000) : text.toString());
    }

    /** Which uses of the assertion govern which scope (CAWG training-and-mining 1.1 entry names). */
    private static boolean governs(String use, Scope scope) {
        String name = use.substring(use.indexOf('.') + 1);
        return switch (scope) {
            case TRAINING, FINE_TUNING -> name.equals("ai_training") || name.equals("ai_generative_training");
            case STYLE_REFERENCE -> name.equals("ai_inference");
        };
    }

    private static Map<String, String> entriesOf(Object content) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode node;
        try {
            node = content instanceof String text ? JSON.readTree(text) : JSON.valueToTree(content);
        } catch (IOException | IllegalArgumentException e) {
            return out;
        }
        node.path("entries").properties().forEach(entry -> {
            String use = entry.getValue().path("use").asText("");
            if (!use.isEmpty() && entry.getKey().length() <= 100) {
                out.put(entry.getKey(), use.length() > 40 ? use.substring(0, 40) : use);
            }
        });
        return out;
    }
}
