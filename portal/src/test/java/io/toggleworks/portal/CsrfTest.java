package io.toggleworks.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.toggleworks.portal.apiclient.CreateFlag;
import io.toggleworks.portal.apiclient.InMemoryPortalApi;
import io.toggleworks.portal.apiclient.Variation;
import io.toggleworks.portal.web.Csrf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** ADR 0090: every state-changing request needs the session's synchronizer token, as header or form field. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
@Import(FakeApiConfig.class)
class CsrfTest {
    @Autowired MockMvc mvc;
    @Autowired InMemoryPortalApi api;
    MockHttpSession session;

    @BeforeEach
    void signIn() throws Exception {
        api.reset(true);
        session = new MockHttpSession();
        mvc.perform(post("/login").session(session).param("email", InMemoryPortalApi.EMAIL).param("password", InMemoryPortalApi.PASSWORD))
                .andExpect(status().is3xxRedirection());
        var attrs = new ServletRequestAttributes(new org.springframework.mock.web.MockHttpServletRequest() {{ setSession(session); }});
        RequestContextHolder.setRequestAttributes(attrs);
        try {
            api.createFlag(api.firstEnvId(), new CreateFlag("Dark mode", "dark-mode", false, "", "boolean",
                    List.of(new Variation("t", "On", "true"), new Variation("f", "Off", "false")), "t", "f", List.of()));
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    private String token() {
        return Csrf.token(session);
    }

    private boolean flagOn() throws Exception {
        String html = mvc.perform(get("/feature-flags/dark-mode").session(session)).andReturn().getResponse().getContentAsString();
        return html.contains("aria-checked=\"true\"");
    }

    @Test
    void aPostWithoutTheTokenIsRefusedAndChangesNothing() throws Exception {
        mvc.perform(post("/feature-flags/dark-mode/toggle").session(session).param("on", "true").header(FakeApiConfig.OMIT_CSRF, "1"))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString("csrf_token_invalid")));
        assertThat(flagOn()).isFalse();
    }

    @Test
    void aPostWithAnotherTokenIsRefused() throws Exception {
        mvc.perform(post("/feature-flags/dark-mode/toggle").session(session).param("on", "true")
                        .header(FakeApiConfig.OMIT_CSRF, "1").param(Csrf.FIELD, "forged-" + token()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/feature-flags/dark-mode/toggle").session(session).param("on", "true")
                        .header(FakeApiConfig.OMIT_CSRF, "1").header(Csrf.HEADER, "x"))
                .andExpect(status().isForbidden());
        // A token of another session is no good either.
        MockHttpSession other = new MockHttpSession();
        mvc.perform(post("/feature-flags/dark-mode/toggle").session(session).param("on", "true")
                        .header(FakeApiConfig.OMIT_CSRF, "1").param(Csrf.FIELD, Csrf.token(other)))
                .andExpect(status().isForbidden());
        assertThat(flagOn()).isFalse();
    }

    @Test
    void theFormFieldOrTheHtmxHeaderIsAccepted() throws Exception {
        mvc.perform(post("/feature-flags/dark-mode/toggle").session(session).param("on", "true")
                        .header(FakeApiConfig.OMIT_CSRF, "1").param(Csrf.FIELD, token()))
                .andExpect(status().is3xxRedirection());
        assertThat(flagOn()).isTrue();
        mvc.perform(post("/feature-flags/dark-mode/toggle").session(session).param("on", "false")
                        .header(FakeApiConfig.OMIT_CSRF, "1").header("HX-Request", "true").header(Csrf.HEADER, token()))
                .andExpect(status().isOk());
        assertThat(flagOn()).isFalse();
    }

    @Test
    void htmxRequestsWithoutTheTokenGetTheMessageInPlaceOfThePage() throws Exception {
        mvc.perform(post("/feature-flags/dark-mode/toggle").session(session).param("on", "true")
                        .header(FakeApiConfig.OMIT_CSRF, "1").header("HX-Request", "true"))
                .andExpect(status().isForbidden())
                .andExpect(header().string("HX-Retarget", "body"));
    }

    @Test
    void loginAndLogoutAreProtectedToo() throws Exception {
        // Login CSRF: a foreign site must not sign the browser in to an account of the attacker's choosing.
        mvc.perform(post("/login").param("email", InMemoryPortalApi.EMAIL).param("password", InMemoryPortalApi.PASSWORD)
                        .header(FakeApiConfig.OMIT_CSRF, "1"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/logout").session(session).header(FakeApiConfig.OMIT_CSRF, "1")).andExpect(status().isForbidden());
        mvc.perform(get("/feature-flags").session(session)).andExpect(status().isOk());
    }

    @Test
    void pagesCarryTheSessionTokenInFormsAndForHtmx() throws Exception {
        String html = mvc.perform(get("/feature-flags/dark-mode").session(session)).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("<meta name=\"csrf-token\" content=\"" + token() + "\">");
        assertThat(html).contains("name=\"_csrf\" value=\"" + token() + "\"");
        String login = mvc.perform(get("/login").session(new MockHttpSession())).andReturn().getResponse().getContentAsString();
        assertThat(login).contains("name=\"_csrf\"");
    }

    @Test
    void signingInGivesANewToken() throws Exception {
        MockHttpSession s = new MockHttpSession();
        String before = Csrf.token(s);
        mvc.perform(post("/login").session(s).param("email", InMemoryPortalApi.EMAIL).param("password", InMemoryPortalApi.PASSWORD)
                        .header(FakeApiConfig.OMIT_CSRF, "1").param(Csrf.FIELD, before))
                .andExpect(status().is3xxRedirection());
        assertThat(Csrf.token(s)).isNotEqualTo(before);
    }

    @Test
    void everyPostFormInTheTemplatesCarriesTheToken() throws Exception {
        Pattern form = Pattern.compile("<form\\b[^>]*>", Pattern.DOTALL);
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/jte"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jte")).toList()) {
                String text = Files.readString(p);
                Matcher m = form.matcher(text);
                while (m.find()) {
                    if (!m.group().contains("method=\"post\"")) continue;
                    if (!text.startsWith("@template.components.csrf()", m.end())) missing.add(p + ": " + m.group());
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
