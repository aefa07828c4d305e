package io.auteur.previs.caption;

/** A prompt the previs language cannot turn into a scene; the message says where and why, and what would work. */
public final class PromptException extends IllegalArgumentException {
    public PromptException(String message) {
        super(message);
    }
}
