package io.toggleworks.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.toggleworks.portal.apiclient.CreateFlag;
import io.toggleworks.portal.apiclient.InMemoryPortalApi;
import io.toggleworks.portal.apiclient.InMemoryPortalApi.Evaluation;
import io.toggleworks.portal.apiclient.Variation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

/** The flag's Insights tab against the in-memory API, which aggregates recorded evaluations like the analytics service. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
@Import(FakeApiConfig.class)
class InsightsPageTest {
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
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest() {{ setSession(session); }}));
        try {
            api.createFlag(env, new CreateFlag("Button colour", "button-colour", true, "", "string",
                    List.of(new Variation("r", "Red", "red"), new Variation("b", "Blue", "blue")), "b", "r", List.of()));
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url).session(session)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    @Test
    void withoutEvaluationsTheTabSaysSo() throws Exception {
        String html = page("/feature-flags/button-colour/insights");
        assertThat(html).contains("No insight data yet").doesNotContain("<svg class=\"chart\"");
        assertThat(html).contains(">Insights</a>").contains("aria-current=\"page\">Insights");
    }

    @Test
    void countsPerVariationAreDrawnAsStackedBarsWithALegendAndATable() throws Exception {
        Instant now = Instant.now();
        for (int i = 0; i < 30; i++) {
            api.recordEvaluation(new Evaluation(env, "button-colour", i % 3 == 0 ? "r" : "b", "u-" + i, "User " + i, now.minus(Duration.ofHours(i % 5)).minusSeconds(90)));
        }
        String html = page("/feature-flags/button-colour/insights?period=24h");
        assertThat(html).contains("<svg class=\"chart\"").contains("30 evaluations of button-colour");
        // Legend: one entry per variation with its total.
        assertThat(html).containsPattern("series-0\" aria-hidden=\"true\"></span>Red <span class=\"muted\">10</span>")
                .containsPattern("series-1\" aria-hidden=\"true\"></span>Blue <span class=\"muted\">20</span>");
        assertThat(html.split("<rect class=\"series-", -1).length - 1).isEqualTo(10); // 5 hours × 2 variations
        assertThat(html).contains("Show as a table");
        // The end users who saw the flag, newest first, 10 a page.
        assertThat(html).contains("30 end users · page 1 of 3").contains("u-0").doesNotContain(">u-29<");
    }

    @Test
    void getStartedWaitsForTheFirstEvaluationThenStopsPolling() throws Exception {
        assertThat(page("/get-started")).contains("hx-get=\"/get-started/evaluations?flag=button-colour\"").contains("Waiting for the first evaluation");
        mvc.perform(get("/get-started/evaluations").param("flag", "button-colour").session(session).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(org.hamcrest.Matchers.containsString("Waiting")));
        api.recordEvaluation(new Evaluation(env, "button-colour", "b", "first", "First", Instant.now()));
        String html = mvc.perform(get("/get-started/evaluations").param("flag", "button-colour").session(session).header("HX-Request", "true"))
                .andExpect(status().is(286)).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("1 evaluation</strong> of <code>button-colour</code>").doesNotContain("<html");
        // An unknown flag (404) keeps waiting instead of failing.
        mvc.perform(get("/get-started/evaluations").param("flag", "gone").session(session)).andExpect(status().isOk());
    }

    @Test
    void evaluationsOfTheLastSecondsAreCounted() throws Exception {
        api.recordEvaluation(new Evaluation(env, "button-colour", "b", "fresh", "Fresh", Instant.now()));
        assertThat(page("/feature-flags/button-colour/insights")).contains("1 evaluations of button-colour").contains("fresh");
    }

    @Test
    void theUserTableFiltersByVariationAndSearchAsAFragment() throws Exception {
        Instant now = Instant.now();
        api.recordEvaluation(new Evaluation(env, "button-colour", "r", "alice", "Alice", now.minusSeconds(60)));
        api.recordEvaluation(new Evaluation(env, "button-colour", "b", "bob", "Bob", now.minusSeconds(120)));
        String fragment = mvc.perform(get("/feature-flags/button-colour/insights").param("variation", "r").session(session)
                        .header("HX-Request", "true").header("HX-Target", "insight-users"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(fragment).startsWith("<div id=\"insight-users\">").contains("alice").doesNotContain("bob").doesNotContain("<svg");
        assertThat(page("/feature-flags/button-colour/insights?q=bo")).contains("bob").doesNotContain(">alice<");
        assertThat(page("/feature-flags/button-colour/insights?q=nobody")).contains("No end user matches these filters.");
    }

    @Test
    void periodsAndIntervalsAreLinksAndBadValuesFallBackToDefaults() throws Exception {
        api.recordEvaluation(new Evaluation(env, "button-colour", "r", "alice", "Alice", Instant.now().minus(Duration.ofDays(3))));
        String week = page("/feature-flags/button-colour/insights?period=7d");
        assertThat(week).contains("aria-current=\"true\">Last 7 days").contains("aria-current=\"true\">Daily")
                .contains("1 evaluations of button-colour, last 7 days, daily");
        assertThat(page("/feature-flags/button-colour/insights?period=7d&interval=HOUR")).contains("aria-current=\"true\">Hourly");
        // The last 24 hours do not include an evaluation 3 days old.
        assertThat(page("/feature-flags/button-colour/insights?period=nonsense&interval=YEAR&page=-4"))
                .contains("aria-current=\"true\">Last 24 hours").contains("No insight data yet");
    }
}
