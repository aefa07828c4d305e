package io.auteur.studio.consent;

/**
 * A use of contributed media that consent does not cover, or a request the registry cannot honour. The message
 * speaks to the user and names the asset (file name and content hash) and what is missing. The subclasses say what
 * kind of refusal it is, so a caller (the HTTP API) can answer with the matching status without reading the text.
 */
public class ConsentException extends RuntimeException {
    public ConsentException(String message) {
        super(message);
    }

    /** What was asked for (a contributor, an asset) is not in the registry. */
    public static final class NotFound extends ConsentException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The request clashes with what is recorded (the same bytes registered to someone else, an ambiguous prefix). */
    public static final class Conflict extends ConsentException {
        public Conflict(String message) {
            super(message);
        }
    }
}
