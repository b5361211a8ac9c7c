package io.toggleworks.api.tenancy;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A workspace (api.md §3.2); {@code sso} is the stored JSON ({@code {"oidc":{...}}}) or null. */
public record Workspace(UUID id, String name, String key, String license, JsonNode sso) {
}
