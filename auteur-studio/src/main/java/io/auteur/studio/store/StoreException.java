package io.auteur.studio.store;

/** The database cannot be opened, migrated or queried; the message names the database or the query and the cause. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
