package io.toggleworks.portal.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Synchronizer CSRF token (ADR 0090): one random token per HTTP session, rendered into every POST form as
 * {@value #FIELD} and sent by htmx as the {@value #HEADER} header. The session already exists for the API credentials,
 * so no extra cookie is needed, and a token cannot be planted from a sibling subdomain as a cookie could.
 */
public final class Csrf {
    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    static final String ATTRIBUTE = Csrf.class.getName() + ".token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {}

    /** The current request's token, created with the session when there is none yet; templates call this. */
    public static String token() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs)) {
            throw new IllegalStateException("no current request");
        }
        return token(attrs.getRequest().getSession(true));
    }

    public static String token(HttpSession session) {
        Object existing = session.getAttribute(ATTRIBUTE);
        if (existing instanceof String s) return s;
        return rotate(session);
    }

    /** A new token, e.g. at sign-in, so a token known before the privilege change is worthless after it. */
    public static String rotate(HttpSession session) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(ATTRIBUTE, token);
        return token;
    }

    /** Whether the request carries this session's token in the header or the form field. */
    public static boolean valid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof String expected)) return false;
        String sent = request.getHeader(HEADER);
        if (sent == null || sent.isEmpty()) sent = request.getParameter(FIELD);
        if (sent == null || sent.isEmpty()) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean isStateChanging(String method) {
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || "TRACE".equals(method));
    }
}
