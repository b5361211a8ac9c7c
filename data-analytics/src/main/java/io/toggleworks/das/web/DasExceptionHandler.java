package io.toggleworks.das.web;

import io.toggleworks.spi.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every failure as the DAS envelope: bad input 4xx with the reason, an unreachable store 503, anything else 500. */
@RestControllerAdvice
public class DasExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DasExceptionHandler.class);

    @ExceptionHandler(DasException.class)
    ResponseEntity<DasResponse<Object>> das(DasException e) {
        return respond(e.status(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<DasResponse<Object>> unreadable(HttpMessageNotReadableException e) {
        return respond(HttpStatus.BAD_REQUEST, "request body is not a JSON object");
    }

    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<DasResponse<Object>> unavailable(StoreUnavailableException e) {
        log.warn("analytics store unavailable: {}", e.getMessage());
        return respond(HttpStatus.SERVICE_UNAVAILABLE, "analytics store unavailable");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<DasResponse<Object>> unexpected(Exception e) {
        if (e instanceof ErrorResponse er) {
            HttpStatus status = HttpStatus.resolve(er.getStatusCode().value());
            if (status != null && status.is4xxClientError()) {
                return respond(status, status.getReasonPhrase());
            }
        }
        log.error("unhandled error", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "internal server error");
    }

    static ResponseEntity<DasResponse<Object>> respond(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(DasResponse.error(status.value(), message));
    }
}
