package io.toggleworks.portal.apiclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.toggleworks.portal.auth.PortalSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP client against a small stand-in server speaking the API's wire format (api.md §4.1-4.2): headers,
 * envelope, error codes, refresh-token rotation on 401.
 */
class HttpPortalApiTest {
    HttpServer server;
    PortalSession session;
    HttpPortalApi api;
    final List<String> seen = new CopyOnWriteArrayList<>();
    final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    volatile String validToken = "jwt-1";
    volatile String lastBody = "";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        session = new PortalSession();
        api = new HttpPortalApi("http://127.0.0.1:" + server.getAddress().getPort() + "/", JsonMapper.builder().build(), session);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        seen.add(ex.getRequestMethod() + " " + path);
        lastBody = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        ex.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(), v.getFirst()));
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        int status = 200;
        String body;
        if (path.equals("/api/v1/identity/login-by-email")) {
            if (lastBody.contains("\"password\":\"123456\"")) {
                ex.getResponseHeaders().add("Set-Cookie", "refresh-token=r-1; Path=/api/v1/identity; HttpOnly; SameSite=Lax; Max-Age=2592000");
                body = "{\"success\":true,\"errors\":[],\"data\":{\"isSsoFirstLogin\":false,\"token\":\"jwt-1\"}}";
            } else {
                body = "{\"success\":false,\"errors\":[\"EmailPasswordMismatch\"],\"data\":null}";
            }
        } else if (path.equals("/api/v1/identity/refresh-token")) {
            if ("refresh-token=r-1".equals(ex.getRequestHeaders().getFirst("Cookie"))) {
                validToken = "jwt-2";
                ex.getResponseHeaders().add("Set-Cookie", "refresh-token=r-2; Path=/api/v1/identity; HttpOnly");
                body = "{\"success\":true,\"errors\":[],\"data\":{\"isSsoFirstLogin\":false,\"token\":\"jwt-2\"}}";
            } else {
                status = 401;
                body = "{\"success\":false,\"errors\":[\"RefreshTokens_is_invalid\"],\"data\":null}";
            }
        } else if (!("Bearer " + validToken).equals(auth)) {
            status = 401;
            body = "{\"success\":false,\"errors\":[\"Unauthorized\"],\"data\":null}";
        } else if (path.startsWith("/api/v1/envs/e1/feature-flags?")) {
            body = "{\"success\":true,\"errors\":[],\"data\":{\"totalCount\":1,\"items\":[{\"id\":\"f1\",\"name\":\"New checkout\",\"key\":\"new-checkout\","
                    + "\"isEnabled\":true,\"variationType\":\"boolean\",\"variations\":[],\"createdAt\":\"2026-01-02T03:04:05.123\",\"tags\":[\"a\"],"
                    + "\"serves\":{\"enabledVariations\":[\"true\"],\"disabledVariation\":\"false\"},\"lastChange\":null,\"futureField\":1}]}}";
        } else if (path.equals("/api/v1/envs/e1/feature-flags") && ex.getRequestMethod().equals("POST")) {
            status = 400;
            body = "{\"success\":false,\"errors\":[\"name_is_required\",\"key_is_invalid\"],\"data\":null}";
        } else if (path.equals("/api/v1/envs/e1/feature-flags/new-checkout/toggle/true")) {
            body = "{\"success\":true,\"errors\":[],\"data\":\"rev-2\"}";
        } else {
            status = 404;
            body = "{\"success\":false,\"errors\":[\"ResourceNotFound\"],\"data\":null}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private void signIn() {
        LoginResult r = api.login("test@featbit.com", "123456");
        session.signIn(r.token(), r.refreshToken());
        session.workspaceId("w1");
        session.orgId("o1");
    }

    @Test
    void loginKeepsTheTokenAndTheRefreshCookie() {
        LoginResult r = api.login("test@featbit.com", "123456");
        assertThat(r.token()).isEqualTo("jwt-1");
        assertThat(r.refreshToken()).isEqualTo("r-1");
        assertThatThrownBy(() -> api.login("test@featbit.com", "bad"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).containsExactly("EmailPasswordMismatch"));
    }

    @Test
    void sendsTenantHeadersAndUnwrapsTheEnvelope() {
        signIn();
        var page = api.flags("e1", new FlagFilter("check", List.of("a", "b"), true, false, null, 2, 10));
        assertThat(page.totalCount()).isEqualTo(1);
        assertThat(page.items().getFirst().isEnabled()).isTrue();
        assertThat(page.items().getFirst().serves().enabledVariations()).containsExactly("true");
        assertThat(page.items().getFirst().createdAt()).isEqualTo(java.time.Instant.parse("2026-01-02T03:04:05.123Z"));
        assertThat(lastHeaders).containsEntry("authorization", "Bearer jwt-1").containsEntry("organization", "o1").containsEntry("workspace", "w1");
        assertThat(seen.getLast()).isEqualTo("GET /api/v1/envs/e1/feature-flags?isArchived=false&pageIndex=2&pageSize=10&name=check&isEnabled=true&tags=a&tags=b");
    }

    @Test
    void validationErrorsBecomeFieldMessages() {
        signIn();
        assertThatThrownBy(() -> api.createFlag("e1", new CreateFlag("", "bad key", false, "", "boolean", List.of(), "a", "b", List.of())))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    ApiErrors errors = ApiErrors.of(e);
                    assertThat(errors.get("name")).isEqualTo("Name is required.");
                    assertThat(errors.get("key")).isEqualTo("Key is invalid.");
                });
        assertThat(lastBody).contains("\"isEnabled\":false").contains("\"enabledVariationId\":\"a\"");
    }

    @Test
    void anExpiredJwtIsRefreshedOnceAndTheCallRetried() {
        signIn();
        validToken = "jwt-expired-elsewhere";
        // The server now only accepts the token that a refresh hands out.
        validToken = "jwt-2";
        assertThat(api.toggleFlag("e1", "new-checkout", true)).isEqualTo("rev-2");
        assertThat(session.token()).isEqualTo("jwt-2");
        assertThat(session.refreshToken()).isEqualTo("r-2");
        assertThat(seen).contains("POST /api/v1/identity/refresh-token");
    }

    @Test
    void aFailedRefreshIsUnauthorized() {
        signIn();
        session.signIn("jwt-old", "r-unknown");
        validToken = "jwt-9";
        assertThatThrownBy(() -> api.toggleFlag("e1", "new-checkout", true))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.isUnauthorized()).isTrue());
    }
}
