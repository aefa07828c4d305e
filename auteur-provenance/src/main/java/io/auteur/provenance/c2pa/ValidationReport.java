package io.auteur.provenance.c2pa;

import java.util.List;
import java.util.Objects;

/**
 * What validation found in a file's manifest store: the state, the findings about the active manifest grouped as
 * the C2PA specification groups them, the findings about ingredient manifests, and what each manifest says.
 */
public record ValidationReport(ValidationState state, String activeManifest, List<ValidationStatus> success,
                               List<ValidationStatus> informational, List<ValidationStatus> failure,
                               List<ValidationStatus> ingredientFailures, List<ManifestSummary> manifests) {
    public ValidationReport {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(activeManifest, "activeManifest");
        success = List.copyOf(success);
        informational = List.copyOf(informational);
        failure = List.copyOf(failure);
        ingredientFailures = List.copyOf(ingredientFailures);
        manifests = List.copyOf(manifests);
    }

    /** The failure codes of the active manifest, in the order found. */
    public List<String> failureCodes() {
        return failure.stream().map(ValidationStatus::code).toList();
    }

    public List<String> successCodes() {
        return success.stream().map(ValidationStatus::code).toList();
    }

    /** The summary of the active manifest (the last in the store). */
    public ManifestSummary active() {
        return manifests.stream().filter(m -> m.label().equals(activeManifest)).findFirst().orElseThrow();
    }
}
