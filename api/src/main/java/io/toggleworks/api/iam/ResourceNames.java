package io.toggleworks.api.iam;

import java.util.List;

/** Builds the (v1) resource names that permission checks use (api.md §3.14, §4.3). */
public final class ResourceNames {
    public static final String ALL = "*";
    public static final String WORKSPACE = "workspace/*";
    public static final String ORGANIZATION = "organization/*";
    public static final String IAM = "iam/*";
    public static final String ACCESS_TOKENS = "access-token/*";
    public static final String RELAY_PROXIES = "relay-proxy/*";
    public static final String ALL_PROJECTS = "project/*";

    private ResourceNames() {
    }

    public static String project(String projectKey) {
        return "project/" + projectKey;
    }

    public static String env(String projectKey, String envKey) {
        return project(projectKey) + ":env/" + envKey;
    }

    /** {@code envRn:flag/key;tag1,tag2}; the tag part only when the flag has tags. */
    public static String flag(String envRn, String flagKey, List<String> tags) {
        return envRn + ":flag/" + flagKey + tagSuffix(tags);
    }

    public static String allFlags(String envRn) {
        return envRn + ":flag/*";
    }

    public static String segment(String envRn, String segmentKey, List<String> tags) {
        return envRn + ":segment/" + segmentKey + tagSuffix(tags);
    }

    public static String allSegments(String envRn) {
        return envRn + ":segment/*";
    }

    private static String tagSuffix(List<String> tags) {
        return tags == null || tags.isEmpty() ? "" : ";" + String.join(",", tags);
    }
}
