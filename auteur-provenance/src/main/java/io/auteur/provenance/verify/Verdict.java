package io.auteur.provenance.verify;

/** What a verification concludes, before the sentence that says it for this file. */
public enum Verdict {
    /** The embedded manifest validates and its hard binding matches the file. */
    INTACT("credentials intact"),
    /** No manifest in the file, but its watermark led to the manifest it was signed with. */
    RECOVERED("credentials recovered through the watermark"),
    /** A manifest is present but the file's bytes or the manifest changed after signing. */
    TAMPERED("tampered"),
    /** A manifest is present but does not validate for another reason (credential, ingredients, unreadable). */
    INVALID("credentials invalid"),
    /** No manifest, Auteur's watermark found, but no repository consulted knows it. */
    WATERMARK_ONLY("watermark found, credentials missing"),
    /** Neither a manifest nor a watermark. */
    NO_PROVENANCE("no provenance found");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
