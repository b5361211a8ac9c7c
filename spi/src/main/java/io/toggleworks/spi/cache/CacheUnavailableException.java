package io.toggleworks.spi.cache;

/** The cache could not be written or read; the change is committed in the database regardless. */
public class CacheUnavailableException extends RuntimeException {
    public CacheUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public CacheUnavailableException(String message) {
        super(message);
    }
}
