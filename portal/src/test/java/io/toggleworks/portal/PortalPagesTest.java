package io.toggleworks.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.toggleworks.portal.apiclient.CreateFlag;
import io.toggleworks.portal.apiclient.FeatureFlag;
import io.toggleworks.portal.apiclient.FlagTargeting;
import io.toggleworks.portal.apiclient.InMemoryPortalApi;
import io.toggleworks.portal.apiclient.LoginResult;
import io.toggleworks.portal.apiclient.Variation;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
@Import(FakeApiConfig.class)
class PortalPagesTest {
    @Autowired MockMvc mvc;
    @Autowired InMemoryPortalApi api;
    MockHttpSession session;

    @BeforeEach
    void signIn() throws Exception {
        api.reset(true);
        session = new MockHttpSession();
        mvc.perform(post("/login").session(session).param("email", InMemoryPortalApi.EMAIL).param("password", InMemoryPortalApi.PASSWORD))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/feature-flags"));
    }

    private String envId() {
        return api.firstEnvId();
    }

    private FeatureFlag createFlag(String name, String key, boolean on, List<String> tags) {
        // The fake checks the session's token, so seed through the same session the portal uses.
        return withSession(() -> api.createFlag(envId(), new CreateFlag(name, key, on, "", "boolean",
                List.of(new Variation("v-true", "True", "true"), new Variation("v-false", "False", "false")), "v-true", "v-false", tags)));
    }

    private <T> T withSession(java.util.function.Supplier<T> call) {
        // Page requests run in their own request scope; for direct fake calls bind the test session.
        var attrs = new org.springframework.web.context.request.ServletRequestAttributes(new org.springframework.mock.web.MockHttpServletRequest() {{ setSession(session); }});
        org.springframework.web.context.request.RequestContextHolder.setRequestAttributes(attrs);
        try {
            return call.get();
        } finally {
            org.springframework.web.context.request.RequestContextHolder.resetRequestAttributes();
        }
    }

    @Test
    void anonymousVisitorsAreSentToLoginAndBack() throws Exception {
        mvc.perform(get("/feature-flags?q=x")).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login?redirect=%2Ffeature-flags%3Fq%3Dx"));
        mvc.perform(get("/login")).andExpect(status().isOk()).andExpect(content().string(containsString("Sign in")));
    }

    @Test
    void signingInAsTheVeryFirstRequestWorks() throws Exception {
        mvc.perform(post("/login").param("email", InMemoryPortalApi.EMAIL).param("password", InMemoryPortalApi.PASSWORD))
                .andExpect(redirectedUrl("/feature-flags"));
    }

    @Test
    void wrongPasswordIsShownInlineAndKeepsTheEmail() throws Exception {
        mvc.perform(post("/login").param("email", "test@featbit.com").param("password", "nope"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Email or password is incorrect.")))
                .andExpect(content().string(containsString("value=\"test@featbit.com\"")));
    }

    @Test
    void flagListFiltersBySearchStatusAndTag() throws Exception {
        createFlag("New checkout", "new-checkout", true, List.of("checkout"));
        createFlag("Dark mode", "dark-mode", false, List.of("ui"));
        createFlag("Checkout banner", "checkout-banner", false, List.of("checkout", "ui"));

        mvc.perform(get("/feature-flags").session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("new-checkout")))
                .andExpect(content().string(containsString("dark-mode")))
                .andExpect(content().string(containsString("3 flags")));
        mvc.perform(get("/feature-flags").param("q", "checkout").session(session))
                .andExpect(content().string(containsString("checkout-banner")))
                .andExpect(content().string(not(containsString("dark-mode"))));
        mvc.perform(get("/feature-flags").param("status", "enabled").session(session))
                .andExpect(content().string(containsString("new-checkout")))
                .andExpect(content().string(not(containsString("checkout-banner"))));
        // htmx filter request: only the results fragment comes back.
        mvc.perform(get("/feature-flags").param("tags", "ui").param("tags", "checkout").header("HX-Request", "true").header("HX-Trigger", "flag-filters").session(session))
                .andExpect(content().string(containsString("checkout-banner")))
                .andExpect(content().string(not(containsString("dark-mode"))))
                .andExpect(content().string(not(containsString("<html"))));
    }

    @Test
    void flagListPages() throws Exception {
        for (int i = 0; i < 25; i++) createFlag("Flag " + i, "flag-" + i, false, List.of());
        mvc.perform(get("/feature-flags").session(session))
                .andExpect(content().string(containsString("page 1 of 2")))
                .andExpect(content().string(containsString("Next")));
        mvc.perform(get("/feature-flags").param("page", "2").session(session))
                .andExpect(content().string(containsString("page 2 of 2")))
                .andExpect(content().string(containsString("flag-0")));
    }

    @Test
    void createFlagShowsErrorsInlineAndKeepsWhatWasTyped() throws Exception {
        mvc.perform(post("/feature-flags").session(session).param("name", "").param("key", "my-flag").param("description", "typed text")
                        .param("variationType", "boolean").param("var.0.id", "a").param("var.0.name", "True").param("var.0.value", "true")
                        .param("var.1.id", "b").param("var.1.name", "False").param("var.1.value", "false"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Enter a name.")))
                .andExpect(content().string(containsString("value=\"my-flag\"")))
                .andExpect(content().string(containsString("typed text")))
                .andExpect(content().string(containsString("data-open-on-load")));

        createFlag("Existing", "taken", false, List.of());
        mvc.perform(post("/feature-flags").session(session).param("name", "Another").param("key", "taken")
                        .param("variationType", "boolean").param("var.0.id", "a").param("var.0.name", "True").param("var.0.value", "true")
                        .param("var.1.id", "b").param("var.1.name", "False").param("var.1.value", "false"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("This key is already used.")))
                .andExpect(content().string(containsString("value=\"Another\"")));
    }

    @Test
    void createFlagWithStringVariationsThenOpensIt() throws Exception {
        mvc.perform(post("/feature-flags").session(session).param("name", "Button colour").param("key", "button-colour")
                        .param("variationType", "string").param("var.0.id", "a").param("var.0.name", "Red").param("var.0.value", "red")
                        .param("var.1.id", "b").param("var.1.name", "Blue").param("var.1.value", "blue").param("onIndex", "1").param("offIndex", "0"))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/feature-flags/button-colour"));
        FeatureFlag flag = withSession(() -> api.flag(envId(), "button-colour"));
        assertThat(flag.variationType()).isEqualTo("string");
        assertThat(flag.disabledVariationId()).isEqualTo("a");
        assertThat(flag.fallthrough().variations().getFirst().id()).isEqualTo("b");
        mvc.perform(get("/feature-flags/button-colour").session(session)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Button colour")))
                .andExpect(content().string(containsString("Default rule")));
    }

    @Test
    void createDialogAddsAVariationRowWithHtmx() throws Exception {
        mvc.perform(post("/feature-flags/create-form").session(session).header("HX-Request", "true").param("action", "addVar")
                        .param("name", "N").param("variationType", "string").param("var.0.id", "a").param("var.0.name", "A").param("var.0.value", "a")
                        .param("var.1.id", "b").param("var.1.name", "B").param("var.1.value", "b"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"var.2.name\"")))
                .andExpect(content().string(containsString("value=\"N\"")));
    }

    @Test
    void toggleWithHtmxReturnsTheNewSwitch() throws Exception {
        createFlag("Dark mode", "dark-mode", false, List.of());
        mvc.perform(post("/feature-flags/dark-mode/toggle").param("on", "true").header("HX-Request", "true").session(session))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("aria-checked=\"true\"")))
                .andExpect(content().string(not(containsString("<html"))));
        assertThat(withSession(() -> api.flag(envId(), "dark-mode")).isEnabled()).isTrue();
    }

    @Test
    void archiveAndRestore() throws Exception {
        createFlag("Old", "old-flag", false, List.of());
        mvc.perform(post("/feature-flags/old-flag/archive").session(session)).andExpect(redirectedUrl("/feature-flags"));
        mvc.perform(get("/feature-flags").session(session)).andExpect(content().string(not(containsString("href=\"/feature-flags/old-flag\""))));
        mvc.perform(get("/feature-flags").param("archived", "true").session(session)).andExpect(content().string(containsString("old-flag")));
        mvc.perform(post("/feature-flags/old-flag/restore").session(session)).andExpect(redirectedUrl("/feature-flags/old-flag"));
        assertThat(withSession(() -> api.flag(envId(), "old-flag")).isArchived()).isFalse();
    }

    @Test
    void targetingSaveRoundTrip() throws Exception {
        FeatureFlag flag = createFlag("New checkout", "new-checkout", true, List.of());
        // Editor action: add a rule (htmx re-render keeps the typed individual targets).
        mvc.perform(post("/feature-flags/new-checkout/targeting").session(session).header("HX-Request", "true")
                        .param("revision", flag.revision()).param("action", "addRule").param("target.v-true", "alice, bob")
                        .param("ft.serve", "v-true"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"rule.0.cond.0.property\"")))
                .andExpect(content().string(containsString("name=\"target.v-true\" value=\"alice\"")))
                .andExpect(content().string(containsString("name=\"target.v-true\" value=\"bob\"")));

        mvc.perform(post("/feature-flags/new-checkout/targeting").session(session)
                        .param("revision", flag.revision()).param("action", "save").param("comment", "launch")
                        .param("target.v-true", "alice, bob").param("target.v-false", "")
                        .param("rule.0.id", "r1").param("rule.0.name", "Europe")
                        .param("rule.0.cond.0.id", "c1").param("rule.0.cond.0.property", "country").param("rule.0.cond.0.op", "IsOneOf").param("rule.0.cond.0.value", "FR, DE")
                        .param("rule.0.cond.1.id", "c2").param("rule.0.cond.1.property", "User is in segment").param("rule.0.cond.1.segments", "seg-1")
                        .param("rule.0.serve", "rollout").param("rule.0.pct.v-true", "50").param("rule.0.pct.v-false", "50").param("rule.0.dispatchKey", "country")
                        .param("ft.serve", "v-false"))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/feature-flags/new-checkout"));

        FlagTargeting saved = api.savedTargetings.getLast();
        assertThat(saved.targetUsers().getFirst().keyIds()).containsExactly("alice", "bob");
        var rule = saved.rules().getFirst();
        assertThat(rule.name()).isEqualTo("Europe");
        assertThat(rule.dispatchKey()).isEqualTo("country");
        assertThat(rule.conditions().get(0).value()).isEqualTo("[\"FR\",\"DE\"]");
        assertThat(rule.conditions().get(1).value()).isEqualTo("[\"seg-1\"]");
        assertThat(rule.conditions().get(1).op()).isEmpty();
        assertThat(rule.variations()).hasSize(2);
        assertThat(rule.variations().get(0).rollout()).containsExactly(0.0, 0.5);
        assertThat(rule.variations().get(1).rollout()).containsExactly(0.5, 1.0);
        assertThat(saved.fallthrough().variations().getFirst().id()).isEqualTo("v-false");

        // Reload: the editor shows what was saved.
        mvc.perform(get("/feature-flags/new-checkout").session(session))
                .andExpect(content().string(containsString("value=\"Europe\"")))
                .andExpect(content().string(containsString("value=\"FR, DE\"")))
                .andExpect(content().string(containsString("Targeting saved.")));
    }

    @Test
    void targetingWithBadRolloutIsRejectedAndKept() throws Exception {
        FeatureFlag flag = createFlag("New checkout", "new-checkout", true, List.of());
        mvc.perform(post("/feature-flags/new-checkout/targeting").session(session)
                        .param("revision", flag.revision()).param("action", "save")
                        .param("rule.0.id", "r1").param("rule.0.name", "Typed rule")
                        .param("rule.0.cond.0.property", "plan").param("rule.0.cond.0.op", "Equal").param("rule.0.cond.0.value", "pro")
                        .param("rule.0.serve", "rollout").param("rule.0.pct.v-true", "60").param("rule.0.pct.v-false", "60")
                        .param("ft.serve", "v-true"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Percentages add up to 120%, not 100%.")))
                .andExpect(content().string(containsString("value=\"Typed rule\"")))
                .andExpect(content().string(containsString("value=\"pro\"")));
        assertThat(api.savedTargetings).isEmpty();
    }

    @Test
    void staleRevisionShowsConflictAndKeepsTheForm() throws Exception {
        createFlag("New checkout", "new-checkout", true, List.of());
        mvc.perform(post("/feature-flags/new-checkout/targeting").session(session)
                        .param("revision", "stale").param("action", "save").param("target.v-true", "carol").param("ft.serve", "v-true"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Someone else changed this flag")))
                .andExpect(content().string(containsString("carol")));
        // The re-rendered form carries the current revision, so saving again applies the kept edits.
        String current = withSession(() -> api.flag(envId(), "new-checkout")).revision();
        mvc.perform(post("/feature-flags/new-checkout/targeting").session(session)
                        .param("revision", current).param("action", "save").param("target.v-true", "carol").param("ft.serve", "v-true"))
                .andExpect(redirectedUrl("/feature-flags/new-checkout"));
        assertThat(api.savedTargetings.getLast().targetUsers().getFirst().keyIds()).containsExactly("carol");
    }

    @Test
    void toggleOnADetailPageHandsTheFormsTheNewRevision() throws Exception {
        createFlag("Dark mode", "dark-mode", false, List.of());
        String body = mvc.perform(post("/feature-flags/dark-mode/toggle").param("on", "true").param("detail", "true").header("HX-Request", "true").session(session))
                .andReturn().getResponse().getContentAsString();
        String revision = withSession(() -> api.flag(envId(), "dark-mode")).revision();
        assertThat(body).contains("hx-swap-oob").contains("value=\"" + revision + "\"");
    }

    @Test
    void expiredSessionGoesBackToLogin() throws Exception {
        api.expireAllTokens();
        mvc.perform(get("/feature-flags").session(session)).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login?expired"));
        mvc.perform(get("/feature-flags").session(session).header("HX-Request", "true")).andExpect(header().string("HX-Redirect", containsString("/login")));
    }

    @Test
    void firstLoginRunsOnboarding() throws Exception {
        api.reset(false);
        MockHttpSession fresh = new MockHttpSession();
        mvc.perform(post("/login").session(fresh).param("email", InMemoryPortalApi.EMAIL).param("password", InMemoryPortalApi.PASSWORD))
                .andExpect(redirectedUrl("/onboarding"));
        mvc.perform(get("/feature-flags").session(fresh)).andExpect(redirectedUrl("/onboarding"));
        mvc.perform(post("/onboarding").session(fresh).param("step", "1").param("organizationName", "Acme").param("organizationKey", ""))
                .andExpect(content().string(containsString("Enter a key.")))
                .andExpect(content().string(containsString("value=\"Acme\"")));
        mvc.perform(post("/onboarding").session(fresh).param("step", "1").param("organizationName", "Acme").param("organizationKey", "acme"))
                .andExpect(content().string(containsString("Your first project")));
        mvc.perform(post("/onboarding").session(fresh).param("step", "2").param("organizationName", "Acme").param("organizationKey", "acme")
                        .param("projectName", "Web").param("projectKey", "web"))
                .andExpect(content().string(containsString("You are all set")));
        mvc.perform(get("/feature-flags").session(fresh)).andExpect(status().isOk()).andExpect(content().string(containsString("Web / Dev")));
    }

    @Test
    void staticAssetsAndHtmxAreServed() throws Exception {
        mvc.perform(get("/assets/app.css")).andExpect(status().isOk());
        mvc.perform(get("/webjars/htmx.org/2.0.8/dist/htmx.min.js")).andExpect(status().isOk());
    }

    static LoginResult unused() {
        return null;
    }
}
