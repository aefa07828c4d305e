package io.auteur.provenance.c2pa;

/** The summary of a validation, as the C2PA specification names it. */
public enum ValidationState {
    /** Some failure other than an untrusted signing credential. */
    INVALID("Invalid"),
    /** Well formed and intact, signed by a credential that chains to no trust anchor we were given. */
    VALID("Valid"),
    /** Valid and signed by a credential that chains to a trust anchor. */
    TRUSTED("Trusted");

    private final String label;

    ValidationState(String label) {
        this.label = label;
    }

    /** "Valid", "Invalid" or "Trusted", as c2pa-rs writes it. */
    public String label() {
        return label;
    }
}
