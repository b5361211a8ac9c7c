package io.toggleworks.api.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for tests, speaking to the running API like the portal does: JWT bearer plus
 * {@code Workspace}/{@code Organization} headers. Immutable: {@code as...}/{@code with...} return new clients.
 * Paths are relative to {@code /api/v1} unless they start with {@code /}.
 */
public final class ApiClient {
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String baseUrl;
    private final Map<String, String> headers;
    private final Credentials credentials;

    /** Shared by every client derived from one login, so a refreshed JWT serves them all. */
    private static final class Credentials {
        final String email;
        final String password;
        volatile String token;
        volatile Instant issuedAt;

        Credentials(String email, String password, String token) {
            this.email = email;
            this.password = password;
            this.token = token;
            this.issuedAt = Instant.now();
        }
    }

    private ApiClient(String baseUrl, Map<String, String> headers, Credentials credentials) {
        this.baseUrl = baseUrl;
        this.headers = Map.copyOf(headers);
        this.credentials = credentials;
    }

    public static ApiClient anonymous(String baseUrl) {
        return new ApiClient(baseUrl, Map.of(), null);
    }

    /** The response: status, parsed JSON body ({@code MissingNode} when not JSON) and raw text. */
    public record Response(int status, JsonNode body, String text, java.net.http.HttpHeaders headers) {
        public JsonNode data() {
            return body.path("data");
        }

        public boolean success() {
            return body.path("success").asBoolean(false);
        }

        /** The first error code, or "" when none. */
        public String error() {
            return body.path("errors").path(0).asString("");
        }

        /** Fails with the whole response when the call did not succeed with 200 and success=true. */
        public Response ok() {
            if (status != 200 || !success()) {
                throw new AssertionError("expected success, got " + status + ": " + text);
            }
            return this;
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    /** Signs in by email and password; the returned client sends the JWT and the user's first workspace/org. */
    public ApiClient login(String email, String password) {
        Response r = withoutAuth().post("identity/login-by-email", Map.of("email", email, "password", password)).ok();
        ApiClient signed = withoutAuth()
                .withCredentials(new Credentials(email, password, r.data().path("token").asString()));
        UUID workspace = UUID.fromString(signed.get("user/workspaces").ok().data().path(0).path("id").asString());
        ApiClient inWorkspace = signed.withHeader("Workspace", workspace.toString());
        JsonNode orgs = inWorkspace.get("organizations").ok().data();
        return orgs.isEmpty() ? inWorkspace : inWorkspace.withHeader("Organization", orgs.path(0).path("id").asString());
    }

    public ApiClient withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        if (value == null) {
            h.remove(name);
        } else {
            h.put(name, value);
        }
        return new ApiClient(baseUrl, h, credentials);
    }

    public ApiClient withOrganization(UUID organizationId) {
        return withHeader("Organization", organizationId.toString());
    }

    /** Calls with an access token ({@code Authorization: api-...}) instead, without tenancy headers. */
    public ApiClient withAccessToken(String token) {
        return anonymous(baseUrl).withHeader("Authorization", token);
    }

    /** Sends this exact Authorization header instead of the signed-in user's JWT (forged, expired...). */
    public ApiClient withAuthorization(String value) {
        return new ApiClient(baseUrl, headers, null).withHeader("Authorization", value);
    }

    /** The current JWT of the signed-in user. */
    public String jwt() {
        return credentials == null ? "" : credentials.token;
    }

    public ApiClient withoutAuth() {
        return new ApiClient(baseUrl, Map.of(), null);
    }

    public UUID organizationId() {
        return UUID.fromString(headers.get("Organization"));
    }

    public UUID workspaceId() {
        return UUID.fromString(headers.get("Workspace"));
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, null);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body, null);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null);
    }

    /** Sends {@code rawBody} verbatim (for malformed JSON and other hostile input). */
    public Response raw(String method, String path, String rawBody, String contentType) {
        return send(method, path, rawBody == null ? null : new RawBody(rawBody), contentType);
    }

    private record RawBody(String text) {
    }

    private Response send(String method, String path, Object body, String contentType) {
        refreshIfOld();
        String url = path.startsWith("/") ? baseUrl + path : baseUrl + "/api/v1/" + path;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        if (credentials != null) {
            b.header("Authorization", "Bearer " + credentials.token);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = body instanceof RawBody raw ? raw.text() : body instanceof String s ? s : JSON.writeValueAsString(body);
            b.header("Content-Type", contentType == null ? "application/json" : contentType);
            b.method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = r.body() == null || r.body().isBlank() ? JSON.missingNode() : JSON.readTree(r.body());
            } catch (RuntimeException e) {
                json = JSON.missingNode();
            }
            return new Response(r.statusCode(), json, r.body(), r.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** JWTs live 5 minutes: sign in again when a long test run gets close to that. */
    private void refreshIfOld() {
        Credentials c = credentials;
        if (c == null || c.issuedAt.isAfter(Instant.now().minus(Duration.ofMinutes(4)))) {
            return;
        }
        synchronized (c) {
            if (c.issuedAt.isBefore(Instant.now().minus(Duration.ofMinutes(4)))) {
                Response r = withoutAuth().post("identity/login-by-email",
                        Map.of("email", c.email, "password", c.password)).ok();
                c.token = r.data().path("token").asString();
                c.issuedAt = Instant.now();
            }
        }
    }

    private ApiClient withCredentials(Credentials c) {
        return new ApiClient(baseUrl, headers, c);
    }
}
