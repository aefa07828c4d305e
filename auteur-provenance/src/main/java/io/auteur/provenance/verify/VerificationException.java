package io.auteur.provenance.verify;

/** A file that cannot be verified at all (missing, unreadable, hostile) or a repository that cannot be asked. */
public class VerificationException extends RuntimeException {
    public VerificationException(String message) {
        super(message);
    }

    public VerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
