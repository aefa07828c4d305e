package io.auteur.studio.consent;

/**
 * A use of contributed media that consent does not cover, or a request the registry cannot honour. The message
 * speaks to the user and names the asset (file name and content hash) and what is missing.
 */
public class ConsentException extends RuntimeException {
    public ConsentException(String message) {
        super(message);
    }
}
