package io.toggleworks.api.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A request that fails with a 4xx status and FeatBit error codes; rendered as the error envelope. */
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final List<String> codes;

    public ApiException(HttpStatus status, List<String> codes) {
        super(status + " " + codes, null, false, false);
        this.status = status;
        this.codes = List.copyOf(codes);
    }

    public ApiException(HttpStatus status, String code) {
        this(status, List.of(code));
    }

    public HttpStatus status() {
        return status;
    }

    public List<String> codes() {
        return codes;
    }

    public static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, ErrorCodes.RESOURCE_NOT_FOUND);
    }

    public static ApiException forbidden() {
        return new ApiException(HttpStatus.FORBIDDEN, ErrorCodes.FORBIDDEN);
    }

    public static ApiException unauthorized() {
        return new ApiException(HttpStatus.UNAUTHORIZED, ErrorCodes.UNAUTHORIZED);
    }

    public static ApiException conflict() {
        return new ApiException(HttpStatus.CONFLICT, ErrorCodes.CONFLICT);
    }

    /** A business-rule violation (422) with one code, e.g. {@code KeyHasBeenUsed}. */
    public static ApiException rule(String code) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, code);
    }

    public static ApiException badRequest(String... codes) {
        return new ApiException(HttpStatus.BAD_REQUEST, List.of(codes));
    }
}
