package io.auteur.provenance.verify;

import java.util.Objects;

/**
 * One piece of evidence or one consistency check, in plain words.
 *
 * @param code    stable identifier, e.g. {@code consistency.softBinding.mismatch}
 * @param message a sentence for people
 */
public record Finding(Severity severity, String code, String message) {
    public enum Severity {
        /** Something found that supports the verdict or explains it. */
        INFO,
        /** Something that weakens the verdict or needs a person's judgement. */
        WARNING,
        /** Something wrong: tampering, a failed check, a contradiction. */
        PROBLEM
    }

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
