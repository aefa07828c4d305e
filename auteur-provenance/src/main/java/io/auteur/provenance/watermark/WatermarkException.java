package io.auteur.provenance.watermark;

/** A watermark request Auteur cannot carry out: a bad key, payload or video; the message names what and why. */
public class WatermarkException extends RuntimeException {
    public WatermarkException(String message) {
        super(message);
    }

    public WatermarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
