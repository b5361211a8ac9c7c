package io.toggleworks.das.web;

import org.springframework.http.HttpStatus;

/**
 * A request the DAS refuses with a 4xx and a readable reason. FeatBit's DAS answers 500 to bad input (a failed
 * assertion); we answer 400 so callers can tell their mistake from an outage (ADR 0070).
 */
public class DasException extends RuntimeException {
    private final HttpStatus status;

    public DasException(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    public static DasException badRequest(String message) {
        return new DasException(HttpStatus.BAD_REQUEST, message);
    }
}
