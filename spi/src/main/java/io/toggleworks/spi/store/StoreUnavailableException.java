package io.toggleworks.spi.store;

/** The backing store could not answer; callers retry or report "unavailable" (e.g. WebSocket close 1011). */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
