package io.auteur.provenance.c2pa;

/** A file or manifest Auteur cannot read or write as C2PA; the message names the file and what is wrong. */
public class C2paException extends RuntimeException {
    public C2paException(String message) {
        super(message);
    }

    public C2paException(String message, Throwable cause) {
        super(message, cause);
    }
}
