package io.toggleworks.portal;

import io.toggleworks.portal.apiclient.InMemoryPortalApi;
import io.toggleworks.portal.auth.PortalSession;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Page tests run against the in-memory API instead of a real one on port 5000. */
@TestConfiguration
public class FakeApiConfig {
    /** Header a test sets to send a request without the CSRF token the browser would send. */
    public static final String OMIT_CSRF = "X-Test-Omit-Csrf";

    /**
     * Page tests post like a browser that loaded the form: with the session's CSRF token (ADR 0090). CsrfTest turns
     * this off per request with {@link #OMIT_CSRF}.
     */
    @Bean
    org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer csrfLikeABrowser() {
        return builder -> builder.defaultRequest(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/").with(request -> {
            if (io.toggleworks.portal.web.Csrf.isStateChanging(request.getMethod()) && request.getHeader(OMIT_CSRF) == null
                    && request.getHeader(io.toggleworks.portal.web.Csrf.HEADER) == null && request.getParameter(io.toggleworks.portal.web.Csrf.FIELD) == null) {
                request.addHeader(io.toggleworks.portal.web.Csrf.HEADER, io.toggleworks.portal.web.Csrf.token(request.getSession(true)));
            }
            return request;
        }));
    }

    @Bean
    @Primary
    InMemoryPortalApi inMemoryPortalApi(PortalSession session) {
        return new InMemoryPortalApi(session);
    }
}
