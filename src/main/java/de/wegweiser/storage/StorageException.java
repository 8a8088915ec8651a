package de.wegweiser.storage;

/** The database failed; the transaction was rolled back. */
public class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
