package io.toggleworks.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.toggleworks.portal.apiclient.CreateFlag;
import io.toggleworks.portal.apiclient.FeatureFlag;
import io.toggleworks.portal.apiclient.InMemoryPortalApi;
import io.toggleworks.portal.apiclient.UserProperty;
import io.toggleworks.portal.apiclient.Variation;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The end-user picker of flag targets and segment users: suggestions from the environment's end users, free keys. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
@Import(FakeApiConfig.class)
class UserPickerTest {
    @Autowired MockMvc mvc;
    @Autowired InMemoryPortalApi api;
    MockHttpSession session;
    String env;

    @BeforeEach
    void signIn() throws Exception {
        api.reset(true);
        session = new MockHttpSession();
        mvc.perform(post("/login").session(session).param("email", InMemoryPortalApi.EMAIL).param("password", InMemoryPortalApi.PASSWORD))
                .andExpect(status().is3xxRedirection());
        env = api.firstEnvId();
        asUser(() -> {
            api.upsertEndUser(env, "alice-1", "Alice Martin", List.of(new UserProperty("country", "FR")));
            api.upsertEndUser(env, "alina-2", "Alina Berg", List.of());
            api.upsertEndUser(env, "bob-3", "Bob", List.of());
            return null;
        });
    }

    private <T> T asUser(Supplier<T> call) {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest() {{ setSession(session); }}));
        try {
            return call.get();
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    private String suggest(String query) throws Exception {
        return mvc.perform(get("/users/suggest" + query).session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void suggestionsSearchKeysAndNamesAndLeaveOutPickedUsers() throws Exception {
        String html = suggest("?q=ali");
        assertThat(html).contains("data-key=\"alice-1\"").contains("Alice Martin").contains("data-key=\"alina-2\"").doesNotContain("bob-3");
        assertThat(html).contains("role=\"option\"").contains("Use <code>ali</code> as a key");
        assertThat(suggest("?q=ali&exclude=alice-1")).doesNotContain("alice-1").contains("alina-2");
        // An exact existing key is not offered twice; an empty query lists recent users without a free entry.
        assertThat(suggest("?q=bob-3")).contains("data-key=\"bob-3\"").doesNotContain("opt-free");
        assertThat(suggest("")).contains("bob-3").doesNotContain("opt-free");
        assertThat(suggest("?q=zzz")).contains("Use <code>zzz</code> as a key").doesNotContain("data-key=\"bob-3\"");
    }

    @Test
    void pickedChipsAndTypedKeysAreSavedTogetherAsTargets() throws Exception {
        FeatureFlag flag = asUser(() -> api.createFlag(env, new CreateFlag("New checkout", "new-checkout", true, "", "boolean",
                List.of(new Variation("v-true", "True", "true"), new Variation("v-false", "False", "false")), "v-true", "v-false", List.of())));
        mvc.perform(post("/feature-flags/new-checkout/targeting").session(session).param("revision", flag.revision()).param("action", "save")
                        .param("target.v-true", "alice-1").param("target.v-true", "bob-3").param("target.v-true", "typed-1, typed-2")
                        .param("target.v-false", "").param("ft.serve", "v-true"))
                .andExpect(redirectedUrl("/feature-flags/new-checkout"));
        assertThat(api.savedTargetings.getLast().targetUsers().getFirst().keyIds()).containsExactly("alice-1", "bob-3", "typed-1", "typed-2");

        String page = mvc.perform(get("/feature-flags/new-checkout").session(session)).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("<input type=\"hidden\" name=\"target.v-true\" value=\"typed-2\">")
                .contains("aria-label=\"Remove alice-1\"")
                .contains("id=\"target-v-true\" name=\"target.v-true\" type=\"text\" role=\"combobox\"")
                .contains("aria-controls=\"target-v-true-list\"");
    }

    @Test
    void aKeyPickedForTwoVariationsIsAnInlineErrorAndNothingIsLost() throws Exception {
        FeatureFlag flag = asUser(() -> api.createFlag(env, new CreateFlag("New checkout", "new-checkout", true, "", "boolean",
                List.of(new Variation("v-true", "True", "true"), new Variation("v-false", "False", "false")), "v-true", "v-false", List.of())));
        String html = mvc.perform(post("/feature-flags/new-checkout/targeting").session(session).param("revision", flag.revision()).param("action", "save")
                        .param("target.v-true", "alice-1").param("target.v-false", "alice-1").param("target.v-false", "bob-3").param("ft.serve", "v-true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("targeted by two variations").contains("name=\"target.v-false\" value=\"bob-3\"");
        assertThat(api.savedTargetings).isEmpty();
    }
}
