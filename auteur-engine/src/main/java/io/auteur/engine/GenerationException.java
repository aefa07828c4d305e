package io.auteur.engine;

/** A generation request that cannot be served as asked: the message says which input and why. */
public final class GenerationException extends RuntimeException {
    public GenerationException(String message) {
        super(message);
    }
}
