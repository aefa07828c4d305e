package io.auteur.provenance.c2pa;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One finding of validation, with the status code string of the C2PA specification (15.x) as c2pa-rs reports it,
 * e.g. {@code claimSignature.mismatch}.
 *
 * @param url the JUMBF URI of the box the finding is about
 */
public record ValidationStatus(String code, String url, String explanation) {
    public ValidationStatus {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(explanation, "explanation");
    }

    /**
     * Findings as the specification's validation-results maps (code, url, explanation), the shape both a
     * manifest's ingredient assertion and the JSON report use.
     */
    public static List<Object> asMaps(List<ValidationStatus> statuses) {
        return statuses.stream().<Object>map(status -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("code", status.code());
            entry.put("url", status.url());
            entry.put("explanation", status.explanation());
            return entry;
        }).toList();
    }
}
