package io.toggleworks.portal.web;

import io.toggleworks.portal.apiclient.ApiErrors;
import io.toggleworks.portal.apiclient.ApiException;
import io.toggleworks.portal.auth.PortalSession;
import io.toggleworks.portal.auth.SignInInterceptor;
import io.toggleworks.portal.shell.Shell;
import io.toggleworks.portal.shell.ShellFactory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.ModelAndView;

/**
 * API failures no page handled itself: 401 ends the session and goes to login; anything else renders an error page
 * inside the layout with the API's message, never a stack trace.
 */
@ControllerAdvice
public class ApiFailureAdvice {
    private final PortalSession session;
    private final ShellFactory shells;

    public ApiFailureAdvice(PortalSession session, ShellFactory shells) {
        this.session = session;
        this.shells = shells;
    }

    @ExceptionHandler(ApiException.class)
    public ModelAndView apiFailed(ApiException e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        if (e.isUnauthorized()) {
            session.signOut();
            SignInInterceptor.redirect(request, response, "/login?expired");
            return null;
        }
        int status = e.status() == 404 ? 404 : e.status() == 403 ? 403 : e.status() >= 500 ? 502 : 400;
        return errorPage(status, ApiErrors.of(e).page().isEmpty() ? ApiErrors.of(e).fields().values().iterator().next() : String.join(" ", ApiErrors.of(e).page()), response);
    }

    @ExceptionHandler(ResourceAccessException.class)
    public ModelAndView apiUnreachable(ResourceAccessException e, HttpServletResponse response) {
        return errorPage(502, "The Management API cannot be reached. Check that it runs and that Portal__ApiUrl points to it.", response);
    }

    private ModelAndView errorPage(int status, String message, HttpServletResponse response) {
        response.setStatus(status);
        Shell shell = session.signedIn() ? shells.shell("Error", "") : null;
        return new ModelAndView("error/api", Map.of("shell", shell == null ? shells.anonymous("Error") : shell, "status", status, "message", message));
    }
}
