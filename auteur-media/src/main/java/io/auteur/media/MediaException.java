package io.auteur.media;

/** A media file or request Auteur cannot use; the message names the file and what is wrong with it. */
public class MediaException extends RuntimeException {
    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
