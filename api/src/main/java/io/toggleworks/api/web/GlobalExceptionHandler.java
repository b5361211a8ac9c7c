package io.toggleworks.api.web;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * Maps every failure to FeatBit's error envelope and status (api.md §4.1). Bad input is a 4xx with a code; only
 * a genuine server fault is a 500, and its details stay in the log, never in the response.
 */
@RestControllerAdvice
public class GlobalExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(GlobalExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiResponse<Object>> api(ApiException e) {
        return respond(e.status(), e.codes());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiResponse<Object>> unreadable(HttpMessageNotReadableException e) {
        return respond(HttpStatus.BAD_REQUEST, List.of(ErrorCodes.invalid(fieldOf(e))));
    }

    /** A path id that is not a UUID does not match FeatBit's {@code {id:guid}} route constraint: 404. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiResponse<Object>> typeMismatch(MethodArgumentTypeMismatchException e) {
        boolean pathVariable = e.getParameter().hasParameterAnnotation(
                org.springframework.web.bind.annotation.PathVariable.class);
        if (pathVariable) {
            return respond(HttpStatus.NOT_FOUND, List.of(ErrorCodes.RESOURCE_NOT_FOUND));
        }
        return respond(HttpStatus.BAD_REQUEST, List.of(ErrorCodes.invalid(e.getName())));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiResponse<Object>> missingParam(MissingServletRequestParameterException e) {
        return respond(HttpStatus.BAD_REQUEST, List.of(ErrorCodes.required(e.getParameterName())));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ApiResponse<Object>> missingHeader(MissingRequestHeaderException e) {
        return respond(HttpStatus.BAD_REQUEST, List.of(ErrorCodes.required(e.getHeaderName())));
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ApiResponse<Object>> noRoute(Exception e) {
        return respond(HttpStatus.NOT_FOUND, List.of(ErrorCodes.RESOURCE_NOT_FOUND));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiResponse<Object>> method(HttpRequestMethodNotSupportedException e) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, List.of(ErrorCodes.METHOD_NOT_ALLOWED));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiResponse<Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, List.of(ErrorCodes.UNSUPPORTED_MEDIA_TYPE));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiResponse<Object>> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(HttpStatus.NOT_ACCEPTABLE, List.of("NotAcceptable"));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ApiResponse<Object>> tooLarge(MaxUploadSizeExceededException e) {
        return respond(HttpStatus.PAYLOAD_TOO_LARGE, List.of(ErrorCodes.invalid("file")));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ApiResponse<Object>> multipart(MultipartException e) {
        return respond(HttpStatus.BAD_REQUEST, List.of(ErrorCodes.invalid("file")));
    }

    /** Two concurrent writers raced on a unique index: the loser gets a conflict, not a 500. */
    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ApiResponse<Object>> duplicate(DuplicateKeyException e) {
        log.info("unique constraint violated: {}", e.getMostSpecificCause().getMessage());
        return respond(HttpStatus.CONFLICT, List.of(ErrorCodes.CONFLICT));
    }

    /** Input the validators let through but the schema refuses (a value too long for its column, ...). */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ApiResponse<Object>> integrity(DataIntegrityViolationException e) {
        log.warn("database refused input: {}", e.getMostSpecificCause().getMessage());
        return respond(HttpStatus.BAD_REQUEST, List.of(ErrorCodes.invalid("request")));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiResponse<Object>> unexpected(Exception e) {
        // Spring's own 4xx exceptions (ErrorResponse) keep their status; anything else is a server fault.
        if (e instanceof ErrorResponse er) {
            HttpStatus status = HttpStatus.resolve(er.getStatusCode().value());
            if (status != null && status.is4xxClientError()) {
                return respond(status, List.of(codeFor(status)));
            }
        }
        log.error("unhandled error", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, List.of(ErrorCodes.INTERNAL_SERVER_ERROR));
    }

    static String codeFor(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> ErrorCodes.UNAUTHORIZED;
            case FORBIDDEN -> ErrorCodes.FORBIDDEN;
            case NOT_FOUND -> ErrorCodes.RESOURCE_NOT_FOUND;
            case CONFLICT -> ErrorCodes.CONFLICT;
            case METHOD_NOT_ALLOWED -> ErrorCodes.METHOD_NOT_ALLOWED;
            case UNSUPPORTED_MEDIA_TYPE -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
            default -> status.is5xxServerError() ? ErrorCodes.INTERNAL_SERVER_ERROR : ErrorCodes.invalid("request");
        };
    }

    static ResponseEntity<ApiResponse<Object>> respond(HttpStatus status, List<String> codes) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        if (status == HttpStatus.UNAUTHORIZED) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return builder.body(ApiResponse.error(codes));
    }

    /** The JSON property that failed to bind, e.g. {@code name} in {@code name_is_invalid}; else {@code body}. */
    private static String fieldOf(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof DatabindException db && !db.getPath().isEmpty()) {
            for (int i = db.getPath().size() - 1; i >= 0; i--) {
                String name = db.getPath().get(i).getPropertyName();
                if (name != null) {
                    return name;
                }
            }
        }
        if (cause instanceof JacksonException) {
            return "body";
        }
        return "body";
    }
}
