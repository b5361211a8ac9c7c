package io.toggleworks.portal.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Sends anonymous visitors to the login page (remembering where they were going) and signed-in users without an
 * environment to onboarding. htmx requests get an {@code HX-Redirect} so the whole page changes, not a fragment.
 */
@Component
public class SignInInterceptor implements HandlerInterceptor {
    private final PortalSession session;
    private final Tenancy tenancy;

    public SignInInterceptor(PortalSession session, Tenancy tenancy) {
        this.session = session;
        this.tenancy = tenancy;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!session.signedIn()) {
            String target = "GET".equals(request.getMethod()) && !path.equals("/") ? path + (request.getQueryString() == null ? "" : "?" + request.getQueryString()) : null;
            redirect(request, response, "/login" + (target == null ? "" : "?redirect=" + URLEncoder.encode(target, StandardCharsets.UTF_8)));
            return false;
        }
        if (needsEnvironment(path) && tenancy.needsOnboarding()) {
            redirect(request, response, "/onboarding");
            return false;
        }
        return true;
    }

    private static boolean needsEnvironment(String path) {
        return path.startsWith("/feature-flags") || path.startsWith("/segments") || path.startsWith("/users")
                || path.startsWith("/audit-logs") || path.startsWith("/get-started");
    }

    public static void redirect(HttpServletRequest request, HttpServletResponse response, String location) throws java.io.IOException {
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", request.getContextPath() + location);
            response.setStatus(204);
        } else {
            response.sendRedirect(request.getContextPath() + location);
        }
    }
}
