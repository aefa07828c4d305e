package io.auteur.engine;

/** A model folder, weights file or config that cannot be used: missing, truncated, corrupt or mismatched. */
public final class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
        super(message);
    }
}
