package io.toggleworks.conformance;

import io.toggleworks.core.json.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The management API as the portal uses it: signs in as the seeded user, sends the JWT and the
 * {@code Workspace}/{@code Organization} headers, unwraps the {@code {success, errors, data}} envelope.
 */
final class PlatformApi {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String baseUrl;
    private String jwt;
    private Instant signedInAt;
    private String workspaceId;
    private String organizationId;

    private PlatformApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Signs in as the seeded {@code test@featbit.com} in its first workspace and organization. */
    static PlatformApi signIn(String baseUrl) {
        PlatformApi api = new PlatformApi(baseUrl);
        api.login();
        api.workspaceId = api.get("user/workspaces").path(0).path("id").asString();
        api.organizationId = api.get("organizations").path(0).path("id").asString();
        return api;
    }

    private void login() {
        JsonNode r = send("POST", "identity/login-by-email", Json.write(java.util.Map.of("email", "test@featbit.com", "password", "123456")), false);
        jwt = r.path("token").asString();
        signedInAt = Instant.now();
    }

    JsonNode get(String path) {
        return send("GET", path, null, true);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, Json.write(body), true);
    }

    JsonNode put(String path, Object body) {
        return send("PUT", path, body == null ? null : Json.write(body), true);
    }

    private JsonNode send(String method, String path, String body, boolean authenticated) {
        if (authenticated && Duration.between(signedInAt, Instant.now()).toSeconds() > 180) {
            login(); // JWTs live five minutes
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/" + path)).timeout(Duration.ofSeconds(60));
        if (authenticated) {
            b.header("Authorization", "Bearer " + jwt);
            if (workspaceId != null) {
                b.header("Workspace", workspaceId);
            }
            if (organizationId != null) {
                b.header("Organization", organizationId);
            }
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body() == null || r.body().isBlank() ? null : Json.tree(r.body());
            if (r.statusCode() != 200 || json == null || !json.path("success").asBoolean(false)) {
                throw new AssertionError(method + " " + path + " -> " + r.statusCode() + " " + r.body() + (body == null ? "" : "\nrequest: " + body));
            }
            return json.path("data");
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
