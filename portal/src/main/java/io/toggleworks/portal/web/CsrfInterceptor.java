package io.toggleworks.portal.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses every state-changing request without the session's CSRF token with 403, before sign-in checks and before
 * any handler runs. Runs as an interceptor (not a servlet filter) so multipart forms are already parsed.
 */
@Component
public class CsrfInterceptor implements HandlerInterceptor {
    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (!Csrf.isStateChanging(request.getMethod()) || Csrf.valid(request)) return true;
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/html;charset=UTF-8");
        if (Views.isHtmx(request)) {
            // htmx does not swap 4xx answers by default: show the message in place of the whole page instead.
            response.setHeader("HX-Retarget", "body");
            response.setHeader("HX-Reswap", "innerHTML");
        }
        String page = """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Page expired · Toggleworks</title><link rel="stylesheet" href="/assets/app.css"><script src="/assets/app.js"></script></head>
                <body><main class="auth-page" id="main"><div class="auth-card"><h1>This page has expired</h1>
                <p class="lead">The form was not sent, because it did not carry this session's security token (code <code>csrf_token_invalid</code>).
                It happens after signing in again in another tab, or when a form comes from another site. Go back, reload the page and send it again.</p>
                <p style="text-align:center"><a class="btn primary" href="/">Home</a></p>
                </div></main></body></html>""";
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
        return false;
    }
}
