package io.toggleworks.portal.endusers;

import jakarta.servlet.http.HttpSession;
import org.springframework.web.context.request.RequestAttributes;

/**
 * Lets background work (an end-user import) use session-scoped beans after the request that started it has ended:
 * session scope resolves against the HTTP session, which outlives the request. Request scope is not available.
 */
final class SessionBoundAttributes implements RequestAttributes {
    private final HttpSession session;

    SessionBoundAttributes(HttpSession session) {
        this.session = session;
    }

    @Override
    public Object getAttribute(String name, int scope) {
        return scope == SCOPE_SESSION ? session.getAttribute(name) : null;
    }

    @Override
    public void setAttribute(String name, Object value, int scope) {
        if (scope == SCOPE_SESSION) session.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name, int scope) {
        if (scope == SCOPE_SESSION) session.removeAttribute(name);
    }

    @Override
    public String[] getAttributeNames(int scope) {
        return scope == SCOPE_SESSION ? java.util.Collections.list(session.getAttributeNames()).toArray(String[]::new) : new String[0];
    }

    @Override
    public void registerDestructionCallback(String name, Runnable callback, int scope) {
        // Nothing to do: the session's own lifecycle destroys session-scoped beans.
    }

    @Override
    public Object resolveReference(String key) {
        return RequestAttributes.REFERENCE_SESSION.equals(key) ? session : null;
    }

    @Override
    public String getSessionId() {
        return session.getId();
    }

    @Override
    public Object getSessionMutex() {
        return session;
    }
}
