package io.auteur.provenance.c2pa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A validation report for people (text) and for programs (JSON, byte strings in base64). */
public final class ReportFormat {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportFormat() {
    }

    public static String json(ValidationReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("state", report.state().label());
        root.put("activeManifest", report.activeManifest());
        root.put("failures", ValidationStatus.asMaps(report.failure()));
        root.put("informational", ValidationStatus.asMaps(report.informational()));
        root.put("successes", ValidationStatus.asMaps(report.success()));
        root.put("ingredientFailures", ValidationStatus.asMaps(report.ingredientFailures()));
        List<Object> manifests = new ArrayList<>();
        for (ManifestSummary summary : report.manifests()) {
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("label", summary.label());
            manifest.put("claimVersion", summary.claimVersion());
            manifest.put("title", summary.title().orElse(null));
            manifest.put("claimGenerator", summary.claimGenerator());
            manifest.put("signer", summary.signer().orElse(null));
            manifest.put("issuer", summary.issuer().orElse(null));
            manifest.put("algorithm", summary.algorithm().orElse(null));
            Map<String, Object> assertions = new LinkedHashMap<>();
            summary.assertions().forEach(e -> assertions.put(e.getKey(), plain(e.getValue())));
            manifest.put("assertions", assertions);
            manifests.add(manifest);
        }
        root.put("manifests", manifests);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validation report must serialise", e);
        }
    }

    /** A few lines: the state, who signed, what was done, from what, and every failure. */
    public static String text(String file, ValidationReport report) {
        StringBuilder out = new StringBuilder();
        ManifestSummary active = report.active();
        out.append(file).append(": ").append(report.state().label()).append('\n');
        out.append("  title:      ").append(active.title().orElse("(none)")).append('\n');
        out.append("  made with:  ").append(active.claimGenerator()).append('\n');
        out.append("  signed by:  ").append(active.signer().orElse("(unknown)"))
                .append(active.issuer().map(i -> " (issued by " + i + ")").orElse(""))
                .append(active.algorithm().map(a -> ", " + a).orElse("")).append('\n');
        active.assertion("c2pa.actions.v2").or(() -> active.assertion("c2pa.actions")).ifPresent(actions -> {
            if (actions instanceof Map<?, ?> map && map.get("actions") instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> action) {
                        out.append("  action:     ").append(action.get("action"));
                        Object source = action.get("digitalSourceType");
                        if (source != null) {
                            String uri = source.toString();
                            out.append(" (").append(uri.substring(uri.lastIndexOf('/') + 1)).append(')');
                        }
                        if (action.get("softwareAgent") instanceof Map<?, ?> agent) {
                            out.append(" by ").append(agent.get("name"))
                                    .append(agent.get("version") == null ? "" : " " + agent.get("version"));
                        } else if (action.get("softwareAgent") != null) {
                            out.append(" by ").append(action.get("softwareAgent"));
                        }
                        if (action.get("description") != null) {
                            out.append(": ").append(action.get("description"));
                        }
                        out.append('\n');
                    }
                }
            }
        });
        for (Map.Entry<String, Object> assertion : active.assertions()) {
            if (assertion.getKey().startsWith("c2pa.ingredient") && assertion.getValue() instanceof Map<?, ?> ingredient) {
                out.append("  ingredient: ").append(ingredient.get("dc:title")).append(" (")
                        .append(ingredient.get("relationship")).append(')')
                        .append(ingredient.containsKey("activeManifest") || ingredient.containsKey("c2pa_manifest")
                                ? ", with its own Content Credentials" : "").append('\n');
            }
        }
        out.append("  assertions: ").append(String.join(", ", active.assertionLabels())).append('\n');
        for (ValidationStatus failure : report.failure()) {
            out.append("  failure:    ").append(failure.code()).append(": ").append(failure.explanation()).append('\n');
        }
        for (ValidationStatus failure : report.ingredientFailures()) {
            out.append("  ingredient failure: ").append(failure.code()).append(": ").append(failure.explanation()).append('\n');
        }
        return out.toString();
    }


    /** Decoded CBOR as JSON-friendly values: byte strings become base64 text. */
    private static Object plain(Object value) {
        return switch (value) {
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
                yield out;
            }
            case List<?> list -> list.stream().map(ReportFormat::plain).toList();
            case null -> null;
            default -> value;
        };
    }
}
