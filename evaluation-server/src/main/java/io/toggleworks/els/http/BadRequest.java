package io.toggleworks.els.http;

/** Ends a request with 400 and an optional plain-text message, as ASP.NET's {@code BadRequest(string)}. */
public final class BadRequest extends Exception {
    private final String body;

    public BadRequest(String body) {
        super(body, null, false, false);
        this.body = body;
    }

    /** The message sent to the caller; null for an empty body. */
    public String body() {
        return body;
    }
}
