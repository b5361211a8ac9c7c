package io.toggleworks.api.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (the servlet container refusing a request, a filter failing) still get the
 * envelope and no stack trace.
 */
@RestController
@io.toggleworks.api.security.Anonymous
public class EnvelopeErrorController implements ErrorController {
    @RequestMapping("/error")
    ResponseEntity<ApiResponse<Object>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null
                ? HttpStatus.resolve(i) : HttpStatus.INTERNAL_SERVER_ERROR;
        return GlobalExceptionHandler.respond(status, List.of(GlobalExceptionHandler.codeFor(status)));
    }
}
