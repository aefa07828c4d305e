package io.auteur.studio.eval;

/** An evaluation that cannot run as asked (a bad prompt file, a missing model or judge): the message says why. */
public final class EvalException extends RuntimeException {
    public EvalException(String message) {
        super(message);
    }
}
