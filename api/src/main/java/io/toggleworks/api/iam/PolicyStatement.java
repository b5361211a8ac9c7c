package io.toggleworks.api.iam;

import java.util.List;

/**
 * One IAM statement: {@code effect} ("allow" or "deny") of {@code actions} on resources matching
 * {@code resources} (RN patterns, api.md §3.14). Stored as JSON in {@code policies.statements} and
 * {@code access_tokens.permissions}.
 */
public record PolicyStatement(String id, String resourceType, String effect, List<String> actions, List<String> resources) {
    public static final String ALLOW = "allow";
    public static final String DENY = "deny";

    public PolicyStatement {
        id = id == null ? "" : id;
        resourceType = resourceType == null ? "" : resourceType;
        effect = effect == null ? "" : effect;
        actions = actions == null ? List.of() : actions.stream().filter(a -> a != null).toList();
        resources = resources == null ? List.of() : resources.stream().filter(r -> r != null).toList();
    }

    public boolean allows() {
        return ALLOW.equalsIgnoreCase(effect);
    }
}
