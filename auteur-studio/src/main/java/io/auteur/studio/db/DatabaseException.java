package io.auteur.studio.db;

/** The database cannot be opened, migrated or queried; the message names the database and the cause. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
