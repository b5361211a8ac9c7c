package io.toggleworks.portal.apiclient;

import java.util.List;

/**
 * The API answered {@code success:false} (or a non-2xx status). {@code errors} are the envelope's codes, e.g.
 * {@code name_is_required}, {@code KeyHasBeenUsed}; {@link ApiErrors} turns them into field and page messages.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final List<String> errors;

    public ApiException(int status, List<String> errors) {
        super("API " + status + " " + errors);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public List<String> errors() {
        return errors;
    }

    public boolean isUnauthorized() {
        return status == 401;
    }
}
