package io.toggleworks.conformance;

import io.toggleworks.core.enduser.CustomizedProperty;
import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.Segment;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The flags, segments and users the suite evaluates, created through the management API. The corpus uses every
 * operator, segment conditions (in / not in, with included, excluded and rules), individual targets, percentage
 * rollouts with and without dispatch keys, several rules in order, a disabled flag and all four variation types.
 *
 * <p>The official Node server SDK evaluates locally with its own code, which differs from the Evaluation Server in a
 * few documented places (evaluation-server.md §5.9): a missing custom attribute throws or evaluates differently,
 * {@code MatchRegex} swaps pattern and value, numbers parse with {@code parseFloat}, archived flags are served. The
 * corpus keeps clear of those (every user has every attribute, regex conditions on values where both readings
 * agree, plain decimal numbers, no archived flags) so that every SDK value must equal our evaluator's.
 */
final class Corpus {
    /** Attributes every user has, so that no evaluation depends on the SDKs' missing-attribute behaviour. */
    static final List<String> ATTRIBUTES = List.of("age", "country", "email", "plan", "beta", "tier");

    final List<User> users = new ArrayList<>();
    final Map<String, String> segmentIds = new LinkedHashMap<>();
    final List<String> flagKeys = new ArrayList<>();

    /** A user as the driver scripts take it. */
    record User(String keyId, String name, Map<String, String> custom) {
        EndUser toEndUser() {
            List<CustomizedProperty> props = new ArrayList<>();
            custom.forEach((k, v) -> props.add(new CustomizedProperty(k, v)));
            return new EndUser(keyId, name, props);
        }

        Map<String, Object> toJson() {
            return Map.of("keyId", keyId, "name", name, "custom", custom);
        }
    }

    private final PlatformApi api;
    private final String envId;

    Corpus(PlatformApi api, String envId) {
        this.api = api;
        this.envId = envId;
    }

    static User user(String keyId, String name, String age, String country, String email, String plan, String beta, String tier) {
        Map<String, String> custom = new LinkedHashMap<>();
        custom.put("age", age);
        custom.put("country", country);
        custom.put("email", email);
        custom.put("plan", plan);
        custom.put("beta", beta);
        custom.put("tier", tier);
        return new User(keyId, name, custom);
    }

    void createUsers() {
        users.add(user("user-alice", "Alice", "17", "FR", "alice@example.com", "free", "true", "gold"));
        users.add(user("user-bob", "Bob", "30", "US", "bob@corp.io", "pro", "false", "silver"));
        users.add(user("user-carol", "Carol", "45", "DE", "carol@example.org", "enterprise", "TRUE", "bronze"));
        users.add(user("user-dave", "Dave", "18", "CN", "dave@corp.io", "pro", "no", "gold"));
        users.add(user("user-erin", "Erin", "65", "JP", "erin@example.com", "free", "False", "platinum"));
        users.add(user("user-frank", "Frank", "18.5", "FR", "frank@corp.io", "enterprise", "yes", "silver"));
        String[] countries = {"FR", "US", "DE", "CN", "JP", "BR", "IN"};
        String[] plans = {"free", "pro", "enterprise"};
        String[] tiers = {"gold", "silver", "bronze", "platinum"};
        String[] betas = {"true", "false", "TRUE", "maybe"};
        for (int i = 0; i < 24; i++) {
            users.add(user("rollout-user-" + i, "Rollout " + i, String.valueOf(12 + (i * 7) % 60), countries[i % countries.length],
                    "r" + i + (i % 3 == 0 ? "@corp.io" : "@example.com"), plans[i % plans.length], betas[i % betas.length],
                    tiers[i % tiers.length]));
        }
    }

    void createSegments() {
        // Included wins over rules, excluded wins over everything.
        segment("europe", List.of("user-bob"), List.of("user-alice"),
                List.of(matchRule("european", condition("country", "IsOneOf", list("FR", "DE")))));
        segment("paying", List.of("rollout-user-1"), List.of(),
                List.of(matchRule("pro", condition("plan", "Equal", "pro")),
                        matchRule("big", condition("plan", "Equal", "enterprise"), condition("age", "BiggerEqualThan", "40"))));
        segment("corp-staff", List.of(), List.of("user-dave"), List.of(matchRule("corp mail", condition("email", "EndsWith", "@corp.io"))));
    }

    void createFlags() {
        // One flag per operator: served "on" by a rule with that single condition, "off" otherwise.
        operatorFlag("op-equal", condition("country", "Equal", "FR"));
        operatorFlag("op-not-equal", condition("country", "NotEqual", "FR"));
        operatorFlag("op-less-than", condition("age", "LessThan", "18"));
        operatorFlag("op-less-equal-than", condition("age", "LessEqualThan", "18"));
        operatorFlag("op-bigger-than", condition("age", "BiggerThan", "18"));
        operatorFlag("op-bigger-equal-than", condition("age", "BiggerEqualThan", "45"));
        operatorFlag("op-contains", condition("email", "Contains", "corp"));
        operatorFlag("op-not-contain", condition("email", "NotContain", "example"));
        operatorFlag("op-starts-with", condition("email", "StartsWith", "r1"));
        operatorFlag("op-ends-with", condition("email", "EndsWith", ".org"));
        operatorFlag("op-match-regex", condition("tier", "MatchRegex", "gold"));
        operatorFlag("op-not-match-regex", condition("tier", "NotMatchRegex", "silver"));
        operatorFlag("op-is-one-of", condition("country", "IsOneOf", list("US", "CN", "BR")));
        operatorFlag("op-not-one-of", condition("plan", "NotOneOf", list("free", "pro")));
        operatorFlag("op-is-true", condition("beta", "IsTrue", "IsTrue"));
        operatorFlag("op-is-false", condition("beta", "IsFalse", "IsFalse"));
        operatorFlag("op-name-equal", condition("name", "Equal", "Carol"));
        operatorFlag("op-keyid-starts-with", condition("keyId", "StartsWith", "rollout-user-1"));

        // Segments.
        operatorFlag("segment-in", segmentCondition(true, "europe"));
        operatorFlag("segment-not-in", segmentCondition(false, "paying"));
        operatorFlag("segment-in-any", segmentCondition(true, "paying", "corp-staff"));
        operatorFlag("segment-and-attribute", segmentCondition(true, "europe"), condition("age", "BiggerThan", "20"));

        // Several conditions, several rules (first match wins), individual targets, all variation types.
        Map<String, Object> string = stringFlag("string-multi-rule", List.of("red", "green", "blue", "grey"));
        List<String> s = variationIds(string);
        targeting(string,
                List.of(target(List.of("user-erin", "rollout-user-3"), s.get(2))),
                List.of(rule("adults outside CN", null, List.of(condition("age", "BiggerEqualThan", "18"), condition("country", "NotOneOf", list("CN"))),
                                all(s.get(0))),
                        rule("corp", null, List.of(condition("email", "Contains", "@corp.")), all(s.get(1)))),
                fallthrough(null, all(s.get(3))));

        Map<String, Object> number = typedFlag("number-rollout", "number", List.of("1", "2.5", "42"), true);
        List<String> n = variationIds(number);
        targeting(number, List.of(target(List.of("user-alice"), n.get(2))), List.of(),
                fallthrough(null, split(n.get(0), n.get(1), n.get(2))));

        Map<String, Object> json = typedFlag("json-config", "json",
                List.of("{\"color\":\"red\",\"size\":1}", "{\"color\":\"blue\",\"size\":[1,2]}", "{}"), true);
        List<String> j = variationIds(json);
        targeting(json, List.of(), List.of(rule("europeans", null, List.of(segmentCondition(true, "europe")), all(j.get(1)))),
                fallthrough(null, all(j.get(0))));

        // Percentage rollouts with dispatch keys: by country (everyone in a country gets the same) and by email.
        Map<String, Object> byCountry = typedFlag("rollout-by-country", "string", List.of("a", "b"), true);
        List<String> c = variationIds(byCountry);
        targeting(byCountry, List.of(), List.of(rule("pro plans", "country", List.of(condition("plan", "NotEqual", "free")),
                        List.of(rollout(c.get(0), 0, 0.5), rollout(c.get(1), 0.5, 1)))),
                fallthrough("email", List.of(rollout(c.get(0), 0, 0.3), rollout(c.get(1), 0.3, 1))));
        Map<String, Object> byKey = typedFlag("rollout-by-key", "boolean", List.of("true", "false"), true);
        List<String> k = variationIds(byKey);
        targeting(byKey, List.of(), List.of(), fallthrough(null, List.of(rollout(k.get(0), 0, 0.25), rollout(k.get(1), 0.25, 1))));

        // Disabled: every user gets the off variation, whatever the targeting says.
        Map<String, Object> disabled = typedFlag("disabled-flag", "string", List.of("served-when-on", "served-when-off"), false);
        List<String> d = variationIds(disabled);
        targeting(disabled, List.of(target(List.of("user-alice"), d.get(0))), List.of(), fallthrough(null, all(d.get(0))));

        // Changed by the live-change and restart tests.
        Map<String, Object> live = stringFlag("live-flag", List.of("blue", "green", "red"));
        List<String> l = variationIds(live);
        targeting(live, List.of(), List.of(), fallthrough(null, all(l.get(0))));
    }

    // ---- documents back from the API, for our evaluator ----

    FeatureFlag flag(String key) {
        return Json.read(api.get("envs/" + envId + "/feature-flags/" + key).toString(), FeatureFlag.class);
    }

    Map<String, Segment> segments() {
        Map<String, Segment> out = new LinkedHashMap<>();
        for (String id : segmentIds.values()) {
            out.put(id, Json.read(api.get("envs/" + envId + "/segments/" + id).toString(), Segment.class));
        }
        return out;
    }

    // ---- builders ----

    private void segment(String key, List<String> included, List<String> excluded, List<Map<String, Object>> rules) {
        JsonNode created = api.post("envs/" + envId + "/segments",
                Map.of("type", "environment-specific", "name", key, "key", key, "description", "conformance", "scopes", List.of()));
        String id = created.path("id").asString();
        api.put("envs/" + envId + "/segments/" + id + "/targeting",
                Map.of("included", included, "excluded", excluded, "rules", rules, "comment", "conformance"));
        segmentIds.put(key, id);
    }

    private void operatorFlag(String key, Map<String, Object>... conditions) {
        Map<String, Object> flag = typedFlag(key, "boolean", List.of("true", "false"), true);
        List<String> v = variationIds(flag);
        targeting(flag, List.of(), List.of(rule("rule " + key, null, List.of(conditions), all(v.get(0)))), fallthrough(null, all(v.get(1))));
    }

    private Map<String, Object> stringFlag(String key, List<String> values) {
        return typedFlag(key, "string", values, true);
    }

    /** Creates the flag; its first variation is served when on, its last when off. */
    private Map<String, Object> typedFlag(String key, String type, List<String> values, boolean enabled) {
        List<Map<String, Object>> variations = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            variations.add(Map.of("id", UUID.randomUUID().toString(), "name", "v" + i, "value", values.get(i)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", key);
        body.put("key", key);
        body.put("isEnabled", enabled);
        body.put("description", "conformance corpus");
        body.put("variationType", type);
        body.put("variations", variations);
        body.put("enabledVariationId", variations.getFirst().get("id"));
        body.put("disabledVariationId", variations.getLast().get("id"));
        body.put("tags", List.of("conformance"));
        api.post("envs/" + envId + "/feature-flags", body);
        flagKeys.add(key);
        body.put("variations", variations);
        return body;
    }

    @SuppressWarnings("unchecked")
    static List<String> variationIds(Map<String, Object> flag) {
        return ((List<Map<String, Object>>) flag.get("variations")).stream().map(v -> (String) v.get("id")).toList();
    }

    void targeting(Map<String, Object> flag, List<Map<String, Object>> targetUsers, List<Map<String, Object>> rules, Map<String, Object> fallthrough) {
        targeting((String) flag.get("key"), targetUsers, rules, fallthrough);
    }

    void targeting(String key, List<Map<String, Object>> targetUsers, List<Map<String, Object>> rules, Map<String, Object> fallthrough) {
        String revision = api.get("envs/" + envId + "/feature-flags/" + key).path("revision").asString();
        Map<String, Object> targeting = new LinkedHashMap<>();
        targeting.put("targetUsers", targetUsers);
        targeting.put("rules", rules);
        targeting.put("fallthrough", fallthrough);
        targeting.put("exptIncludeAllTargets", true);
        api.put("envs/" + envId + "/feature-flags/" + key + "/targeting",
                Map.of("revision", revision, "targeting", targeting, "comment", "conformance"));
    }

    static Map<String, Object> condition(String property, String op, String value) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", UUID.randomUUID().toString());
        c.put("property", property);
        c.put("op", op);
        c.put("value", value);
        return c;
    }

    Map<String, Object> segmentCondition(boolean in, String... segmentKeys) {
        List<String> ids = new ArrayList<>();
        for (String key : segmentKeys) {
            ids.add(segmentIds.get(key));
        }
        return condition(in ? "User is in segment" : "User is not in segment", null, Json.write(ids));
    }

    static String list(String... values) {
        return Json.write(List.of(values));
    }

    static Map<String, Object> matchRule(String name, Map<String, Object>... conditions) {
        return Map.of("id", UUID.randomUUID().toString(), "name", name, "conditions", List.of(conditions));
    }

    static Map<String, Object> rule(String name, String dispatchKey, List<Map<String, Object>> conditions, List<Map<String, Object>> variations) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", UUID.randomUUID().toString());
        r.put("name", name);
        r.put("dispatchKey", dispatchKey);
        r.put("includedInExpt", false);
        r.put("conditions", conditions);
        r.put("variations", variations);
        return r;
    }

    static Map<String, Object> fallthrough(String dispatchKey, List<Map<String, Object>> variations) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("dispatchKey", dispatchKey);
        f.put("includedInExpt", true);
        f.put("variations", variations);
        return f;
    }

    static Map<String, Object> target(List<String> keyIds, String variationId) {
        return Map.of("keyIds", keyIds, "variationId", variationId);
    }

    static List<Map<String, Object>> all(String variationId) {
        return List.of(rollout(variationId, 0, 1));
    }

    static List<Map<String, Object>> split(String a, String b, String c) {
        return List.of(rollout(a, 0, 0.2), rollout(b, 0.2, 0.7), rollout(c, 0.7, 1));
    }

    static Map<String, Object> rollout(String variationId, double lower, double upper) {
        return Map.of("id", variationId, "rollout", List.of(lower, upper), "exptRollout", 1);
    }
}
