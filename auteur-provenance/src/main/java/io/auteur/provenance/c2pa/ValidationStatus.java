package io.auteur.provenance.c2pa;

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
}
