package io.toggleworks.api.auditlog;

import tools.jackson.databind.JsonNode;

/**
 * One step of the semantic diff between two versions of a flag or segment (api.md §3.17): {@code {kind, value}}.
 * The portal renders audit logs from these; fine-grained permission checks look at their kinds.
 */
public record Instruction(String kind, JsonNode value) {
}
