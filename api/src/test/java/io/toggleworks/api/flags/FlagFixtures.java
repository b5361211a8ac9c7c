package io.toggleworks.api.flags;

import io.toggleworks.api.testing.ApiClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request bodies the flag tests share. */
public final class FlagFixtures {
    public static final String TRUE_ID = "8d4a1e7c-0000-4000-8000-000000000001";
    public static final String FALSE_ID = "8d4a1e7c-0000-4000-8000-000000000002";

    private FlagFixtures() {
    }

    public static Map<String, Object> booleanFlag(String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Flag " + key);
        body.put("key", key);
        body.put("isEnabled", false);
        body.put("description", "");
        body.put("variationType", "boolean");
        body.put("variations", List.of(
                Map.of("id", TRUE_ID, "name", "True", "value", "true"),
                Map.of("id", FALSE_ID, "name", "False", "value", "false")));
        body.put("enabledVariationId", TRUE_ID);
        body.put("disabledVariationId", FALSE_ID);
        body.put("tags", List.of());
        return body;
    }

    public static ApiClient.Response create(ApiClient client, UUID envId, String key) {
        return client.post("envs/" + envId + "/feature-flags", booleanFlag(key)).ok();
    }

    public static Map<String, Object> rollout(String variationId, double from, double to) {
        return Map.of("id", variationId, "rollout", List.of(from, to), "exptRollout", 1);
    }

    public static Map<String, Object> targeting(String revision, List<?> targetUsers, List<?> rules, Map<String, Object> fallthrough) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("targetUsers", targetUsers);
        t.put("rules", rules);
        t.put("fallthrough", fallthrough);
        t.put("exptIncludeAllTargets", true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("revision", revision);
        body.put("targeting", t);
        body.put("comment", "targeting change");
        return body;
    }

    public static Map<String, Object> fallthrough(String variationId) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("dispatchKey", null);
        f.put("includedInExpt", true);
        f.put("variations", List.of(rollout(variationId, 0, 1)));
        return f;
    }

    public static Map<String, Object> rule(String id, String name, List<Map<String, Object>> conditions, String variationId) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("name", name);
        r.put("dispatchKey", null);
        r.put("includedInExpt", false);
        r.put("conditions", conditions);
        r.put("variations", List.of(rollout(variationId, 0, 1)));
        return r;
    }

    public static Map<String, Object> condition(String id, String property, String op, String value) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("property", property);
        c.put("op", op);
        c.put("value", value);
        return c;
    }
}
