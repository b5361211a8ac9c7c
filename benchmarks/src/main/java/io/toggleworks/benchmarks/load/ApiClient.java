package io.toggleworks.benchmarks.load;

import io.toggleworks.core.json.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The management API as the portal calls it: the seeded user's JWT and the Workspace/Organization headers. */
final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private String jwt;
    private String workspace;
    private String organization;

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Signs in as FeatBit's seeded {@code test@featbit.com} (password 123456) in its first workspace and organization. */
    ApiClient signIn() {
        jwt = send("POST", "identity/login-by-email", Json.write(Map.of("email", "test@featbit.com", "password", "123456")), false).path("token").asString();
        workspace = get("user/workspaces").path(0).path("id").asString();
        organization = get("organizations").path(0).path("id").asString();
        return this;
    }

    JsonNode get(String path) {
        return send("GET", path, null, true);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, Json.write(body), true);
    }

    JsonNode put(String path, Object body) {
        return send("PUT", path, Json.write(body), true);
    }

    /** A boolean flag, on, serving "true" ({@code variations} true/false). */
    void createBooleanFlag(String envId, String key) {
        String on = java.util.UUID.randomUUID().toString();
        String off = java.util.UUID.randomUUID().toString();
        post("envs/" + envId + "/feature-flags", Map.of("name", key, "key", key, "isEnabled", true, "description", "benchmark",
                "variationType", "boolean",
                "variations", List.of(Map.of("id", on, "name", "on", "value", "true"), Map.of("id", off, "name", "off", "value", "false")),
                "enabledVariationId", on, "disabledVariationId", off, "tags", List.of("benchmark")));
    }

    private JsonNode send(String method, String path, String body, boolean authenticated) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/" + path)).timeout(Duration.ofSeconds(60));
        if (authenticated) {
            b.header("Authorization", "Bearer " + jwt);
            if (workspace != null) {
                b.header("Workspace", workspace);
            }
            if (organization != null) {
                b.header("Organization", organization);
            }
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body() == null || r.body().isBlank() ? null : Json.tree(r.body());
            if (r.statusCode() != 200 || json == null || !json.path("success").asBoolean(false)) {
                throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
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
