package io.toggleworks.portal.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.toggleworks.portal.web.Csrf;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The Insights tab through the real HTTP client against a stand-in API that serves the insights contract's JSON
 * shapes (api.md §4.5.1 {@code insights}, §4.5.3 {@code end-users/get-by-featureflag}), and answers 404 for both
 * while "the routes have not landed".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
@AutoConfigureMockMvc
class InsightsAgainstStubApiTest {
    static final HttpServer SERVER = start();
    static final List<String> SEEN = new CopyOnWriteArrayList<>();
    static volatile boolean routesLanded = true;
    static volatile boolean analyticsDown = false;

    @Autowired MockMvc mvc;
    MockHttpSession session;

    static HttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/", InsightsAgainstStubApiTest::handle);
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void api(DynamicPropertyRegistry registry) {
        registry.add("portal.api-url", () -> "http://127.0.0.1:" + SERVER.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        SERVER.stop(0);
    }

    private static String ok(String data) {
        return "{\"success\":true,\"errors\":[],\"data\":" + data + "}";
    }

    private static void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery() == null ? "" : URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
        SEEN.add(ex.getRequestMethod() + " " + path + (query.isEmpty() ? "" : "?" + query));
        ex.getRequestBody().readAllBytes();
        int status = 200;
        if (analyticsDown && (path.endsWith("/feature-flags/insights") || path.endsWith("/get-by-featureflag"))) {
            byte[] bytes = "{\"success\":false,\"errors\":[\"AnalyticsServiceUnavailable\"],\"data\":null}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(503, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
            return;
        }
        String body = switch (path) {
            case "/api/v1/identity/login-by-email" -> ok("{\"isSsoFirstLogin\":false,\"token\":\"jwt\"}");
            case "/api/v1/user/profile" -> ok("{\"id\":\"u1\",\"email\":\"test@featbit.com\",\"name\":\"tester\",\"origin\":\"Local\"}");
            case "/api/v1/user/workspaces" -> ok("[{\"id\":\"w1\",\"name\":\"Default Workspace\",\"key\":\"default-workspace\"}]");
            case "/api/v1/organizations" -> ok("[{\"id\":\"o1\",\"name\":\"Acme\",\"key\":\"acme\",\"initialized\":true}]");
            case "/api/v1/projects" -> ok("[{\"id\":\"p1\",\"name\":\"Web shop\",\"key\":\"web-shop\",\"environments\":[{\"id\":\"e1\",\"projectId\":\"p1\",\"name\":\"Dev\",\"key\":\"dev\",\"secrets\":[]}]}]");
            case "/api/v1/envs/e1/feature-flags/button-colour" -> ok("{\"id\":\"f1\",\"envId\":\"e1\",\"revision\":\"r1\",\"name\":\"Button colour\",\"key\":\"button-colour\","
                    + "\"variationType\":\"string\",\"variations\":[{\"id\":\"v-red\",\"name\":\"Red\",\"value\":\"red\"},{\"id\":\"v-blue\",\"name\":\"Blue\",\"value\":\"blue\"}],"
                    + "\"targetUsers\":[],\"rules\":[],\"isEnabled\":true,\"disabledVariationId\":\"v-red\",\"fallthrough\":{\"includedInExpt\":true,\"variations\":[{\"id\":\"v-blue\",\"rollout\":[0,1],\"exptRollout\":1}]},"
                    + "\"exptIncludeAllTargets\":false,\"tags\":[],\"isArchived\":false}");
            case "/api/v1/envs/e1/feature-flags/insights" -> routesLanded ? ok("[{\"time\":\"2026-06-01T10:00:00Z\",\"variations\":[{\"variation\":\"Red\",\"count\":7},{\"variation\":\"Blue\",\"count\":0}]},"
                    + "{\"time\":\"2026-06-01T11:00:00Z\",\"variations\":[{\"variation\":\"Red\",\"count\":2},{\"variation\":\"Blue\",\"count\":40}]}]") : null;
            case "/api/v1/envs/e1/end-users/get-by-featureflag" -> routesLanded ? ok("{\"totalCount\":23,\"items\":[{\"variation\":\"Blue\",\"keyId\":\"u-42\",\"name\":\"Zoë\","
                    + "\"lastEvaluatedAt\":\"2026-06-01T11:20:00Z\"},{\"variation\":\"Red\",\"keyId\":\"u-7\",\"name\":\"\",\"lastEvaluatedAt\":\"2026-06-01T10:05:00Z\"}]}") : null;
            default -> null;
        };
        if (body == null) {
            // What a server without the route answers: a 404 that is not the API envelope.
            status = 404;
            body = "{\"timestamp\":\"2026-06-01T00:00:00Z\",\"status\":404,\"error\":\"Not Found\",\"path\":\"" + path + "\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @BeforeEach
    void signIn() throws Exception {
        routesLanded = true;
        analyticsDown = false;
        session = new MockHttpSession();
        mvc.perform(post("/login").session(session).param("email", "test@featbit.com").param("password", "123456").param(Csrf.FIELD, Csrf.token(session)))
                .andExpect(status().is3xxRedirection());
        SEEN.clear();
    }

    private String insights(String query) throws Exception {
        return mvc.perform(get("/feature-flags/button-colour/insights" + query).session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void theContractsJsonShapesBecomeAChartAndAUserTable() throws Exception {
        String html = insights("?period=7d&interval=HOUR&variation=v-blue&q=zo");
        assertThat(html).contains("<svg class=\"chart\"").contains("49 evaluations of button-colour, last 7 days, hourly");
        assertThat(html).contains("Red <span class=\"muted\">9</span>").contains("Blue <span class=\"muted\">40</span>");
        assertThat(html).contains("<title>10:00 · Red: 7</title>").contains("<title>11:00 · Blue: 40</title>");
        assertThat(html).contains("Zoë").contains("u-42").contains("23 end users · page 1 of 3");
        String insightsCall = SEEN.stream().filter(s -> s.contains("/feature-flags/insights")).findFirst().orElseThrow();
        assertThat(insightsCall).contains("featureFlagKey=button-colour").contains("intervalType=HOUR").containsPattern("from=\\d{13}&to=\\d{13}");
        long from = Long.parseLong(insightsCall.replaceAll(".*from=(\\d+).*", "$1"));
        long to = Long.parseLong(insightsCall.replaceAll(".*to=(\\d+).*", "$1"));
        assertThat(to - from).isEqualTo(7L * 24 * 3600 * 1000);
        String usersCall = SEEN.stream().filter(s -> s.contains("get-by-featureflag")).findFirst().orElseThrow();
        assertThat(usersCall).contains("featureFlagKey=button-colour").contains("variationId=v-blue").contains("query=zo")
                .contains("pageIndex=0").contains("pageSize=10");
    }

    @Test
    void anUnreachableAnalyticsServiceIsAMessageInsideTheTab() throws Exception {
        analyticsDown = true;
        String html = insights("?period=30d");
        assertThat(html).contains("the API cannot reach the Data Analytics Service").contains("alert error")
                .contains("aria-current=\"true\">Last 30 days").contains("Button colour");
    }

    @Test
    void routesThatAnswer404ShowNoInsightDataYet() throws Exception {
        routesLanded = false;
        String html = insights("");
        assertThat(html).contains("No insight data yet").doesNotContain("<svg class=\"chart\"").doesNotContain("alert error");
        assertThat(html).contains("Button colour"); // the rest of the page is there
    }
}
