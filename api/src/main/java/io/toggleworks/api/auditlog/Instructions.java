package io.toggleworks.api.auditlog;

import io.toggleworks.core.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Derives FeatBit's instruction list (api.md §3.17) by diffing two JSON versions of a flag or a segment. Works on
 * JSON trees so that stored audit-log data changes of any FeatBit version can be rendered.
 */
public final class Instructions {
    public static final Set<String> DEFAULT_RULE_KINDS = Set.of("UpdateDefaultRuleVariationOrRollouts", "UpdateDefaultRuleDispatchKey");
    public static final Set<String> TARGET_USER_KINDS = Set.of("AddTargetUsers", "RemoveTargetUsers", "SetTargetUsers");
    public static final Set<String> RULE_KINDS = Set.of("AddRule", "RemoveRule", "SetRules", "UpdateRuleName",
            "UpdateRuleDispatchKey", "AddRuleConditions", "RemoveRuleConditions", "UpdateRuleCondition",
            "AddValuesToRuleCondition", "RemoveValuesFromRuleCondition", "UpdateRuleVariationOrRollouts");
    public static final Set<String> SEGMENT_TARGET_USER_KINDS = Set.of("AddTargetUsersToIncluded",
            "RemoveTargetUsersFromIncluded", "AddTargetUsersToExcluded", "RemoveTargetUsersFromExcluded");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Instructions() {
    }

    /** The instructions of an audit-log data change; empty when either side is empty (create, delete). */
    public static List<Instruction> of(String refType, DataChange change) {
        if (change.previous().isBlank() || change.current().isBlank()) {
            return List.of();
        }
        try {
            JsonNode previous = Json.tree(change.previous());
            JsonNode current = Json.tree(change.current());
            return "Segment".equals(refType) ? segment(previous, current) : flag(previous, current);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    public static List<Instruction> flag(JsonNode p, JsonNode c) {
        List<Instruction> out = new ArrayList<>();
        if (bool(p, "isEnabled") != bool(c, "isEnabled")) {
            out.add(text(bool(c, "isEnabled") ? "TurnFlagOn" : "TurnFlagOff", ""));
        }
        if (bool(p, "isArchived") != bool(c, "isArchived")) {
            out.add(text(bool(c, "isArchived") ? "ArchiveFlag" : "RestoreFlag", ""));
        }
        basics(p, c, out);
        if (!str(p, "variationType").equals(str(c, "variationType"))) {
            out.add(text("UpdateVariationType", str(c, "variationType")));
        }
        Map<String, JsonNode> pv = byId(p.path("variations"));
        Map<String, JsonNode> cv = byId(c.path("variations"));
        cv.forEach((id, v) -> {
            if (!pv.containsKey(id)) {
                out.add(new Instruction("AddVariation", v));
            } else if (!pv.get(id).equals(v)) {
                out.add(new Instruction("UpdateVariation", v));
            }
        });
        pv.keySet().stream().filter(id -> !cv.containsKey(id)).forEach(id -> out.add(text("RemoveVariation", id)));
        if (!str(p, "disabledVariationId").equals(str(c, "disabledVariationId"))) {
            out.add(text("UpdateDisabledVariation", str(c, "disabledVariationId")));
        }
        JsonNode pf = p.path("fallthrough");
        JsonNode cf = c.path("fallthrough");
        if (!pf.path("variations").equals(cf.path("variations"))) {
            out.add(new Instruction("UpdateDefaultRuleVariationOrRollouts", F.objectNode().set("rolloutVariations", cf.path("variations"))));
        }
        if (!str(pf, "dispatchKey").equals(str(cf, "dispatchKey"))) {
            out.add(text("UpdateDefaultRuleDispatchKey", str(cf, "dispatchKey")));
        }
        targetUsers(p.path("targetUsers"), c.path("targetUsers"), out);
        rules(p.path("rules"), c.path("rules"), true, out);
        return out;
    }

    public static List<Instruction> segment(JsonNode p, JsonNode c) {
        List<Instruction> out = new ArrayList<>();
        if (bool(p, "isArchived") != bool(c, "isArchived")) {
            out.add(text(bool(c, "isArchived") ? "Archive" : "Restore", ""));
        }
        basics(p, c, out);
        keys(p.path("included"), c.path("included"), "AddTargetUsersToIncluded", "RemoveTargetUsersFromIncluded", out);
        keys(p.path("excluded"), c.path("excluded"), "AddTargetUsersToExcluded", "RemoveTargetUsersFromExcluded", out);
        rules(p.path("rules"), c.path("rules"), false, out);
        return out;
    }

    private static void basics(JsonNode p, JsonNode c, List<Instruction> out) {
        if (!str(p, "name").equals(str(c, "name"))) {
            out.add(text("UpdateName", str(c, "name")));
        }
        if (!str(p, "description").equals(str(c, "description"))) {
            out.add(text("UpdateDescription", str(c, "description")));
        }
        Set<String> pt = strings(p.path("tags"));
        Set<String> ct = strings(c.path("tags"));
        List<String> added = ct.stream().filter(t -> !pt.contains(t)).toList();
        List<String> removed = pt.stream().filter(t -> !ct.contains(t)).toList();
        if (!added.isEmpty()) {
            out.add(new Instruction("AddTags", array(added)));
        }
        if (!removed.isEmpty()) {
            out.add(new Instruction("RemoveTags", array(removed)));
        }
    }

    private static void keys(JsonNode p, JsonNode c, String addKind, String removeKind, List<Instruction> out) {
        Set<String> pk = strings(p);
        Set<String> ck = strings(c);
        List<String> added = ck.stream().filter(k -> !pk.contains(k)).toList();
        List<String> removed = pk.stream().filter(k -> !ck.contains(k)).toList();
        if (!added.isEmpty()) {
            out.add(new Instruction(addKind, array(added)));
        }
        if (!removed.isEmpty()) {
            out.add(new Instruction(removeKind, array(removed)));
        }
    }

    private static void targetUsers(JsonNode p, JsonNode c, List<Instruction> out) {
        Map<String, Set<String>> pm = targets(p);
        Map<String, Set<String>> cm = targets(c);
        Set<String> variations = new LinkedHashSet<>(pm.keySet());
        variations.addAll(cm.keySet());
        for (String variation : variations) {
            Set<String> before = pm.getOrDefault(variation, Set.of());
            Set<String> after = cm.getOrDefault(variation, Set.of());
            List<String> added = after.stream().filter(k -> !before.contains(k)).toList();
            List<String> removed = before.stream().filter(k -> !after.contains(k)).toList();
            if (!added.isEmpty()) {
                out.add(new Instruction("AddTargetUsers", targetUser(added, variation)));
            }
            if (!removed.isEmpty()) {
                out.add(new Instruction("RemoveTargetUsers", targetUser(removed, variation)));
            }
        }
    }

    private static ObjectNode targetUser(List<String> keyIds, String variationId) {
        ObjectNode n = F.objectNode();
        n.set("keyIds", array(keyIds));
        n.put("variationId", variationId);
        return n;
    }

    private static Map<String, Set<String>> targets(JsonNode list) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (JsonNode t : list) {
            m.computeIfAbsent(str(t, "variationId"), k -> new LinkedHashSet<>()).addAll(strings(t.path("keyIds")));
        }
        return m;
    }

    private static void rules(JsonNode p, JsonNode c, boolean flagRules, List<Instruction> out) {
        if (p.equals(c) || (p.isEmpty() && c.isEmpty())) {
            return;
        }
        if (p.isEmpty() || c.isEmpty()) {
            out.add(new Instruction("SetRules", c.isMissingNode() || c.isNull() ? F.arrayNode() : c));
            return;
        }
        Map<String, JsonNode> pr = byId(p);
        Map<String, JsonNode> cr = byId(c);
        pr.keySet().stream().filter(id -> !cr.containsKey(id)).forEach(id -> out.add(text("RemoveRule", id)));
        cr.forEach((id, rule) -> {
            JsonNode before = pr.get(id);
            if (before == null) {
                out.add(new Instruction("AddRule", rule));
                return;
            }
            if (!str(before, "name").equals(str(rule, "name"))) {
                out.add(new Instruction("UpdateRuleName", obj("ruleId", F.stringNode(id), "name", F.stringNode(str(rule, "name")))));
            }
            if (flagRules && !str(before, "dispatchKey").equals(str(rule, "dispatchKey"))) {
                out.add(new Instruction("UpdateRuleDispatchKey", obj("ruleId", F.stringNode(id), "dispatchKey", F.stringNode(str(rule, "dispatchKey")))));
            }
            conditions(id, before.path("conditions"), rule.path("conditions"), out);
            if (flagRules && !before.path("variations").equals(rule.path("variations"))) {
                out.add(new Instruction("UpdateRuleVariationOrRollouts", obj("ruleId", F.stringNode(id), "rolloutVariations", rule.path("variations"))));
            }
        });
    }

    private static void conditions(String ruleId, JsonNode p, JsonNode c, List<Instruction> out) {
        Map<String, JsonNode> pc = byId(p);
        Map<String, JsonNode> cc = byId(c);
        List<String> removed = pc.keySet().stream().filter(id -> !cc.containsKey(id)).toList();
        ArrayNode added = F.arrayNode();
        cc.forEach((id, cond) -> {
            JsonNode before = pc.get(id);
            if (before == null) {
                added.add(cond);
            } else if (!before.equals(cond)) {
                List<String> bv = listValue(str(before, "value"));
                List<String> av = listValue(str(cond, "value"));
                boolean sameTest = str(before, "property").equals(str(cond, "property")) && str(before, "op").equals(str(cond, "op"));
                if (sameTest && bv != null && av != null) {
                    List<String> plus = av.stream().filter(v -> !bv.contains(v)).toList();
                    List<String> minus = bv.stream().filter(v -> !av.contains(v)).toList();
                    if (!plus.isEmpty()) {
                        out.add(new Instruction("AddValuesToRuleCondition", valuesChange(ruleId, id, plus)));
                    }
                    if (!minus.isEmpty()) {
                        out.add(new Instruction("RemoveValuesFromRuleCondition", valuesChange(ruleId, id, minus)));
                    }
                } else {
                    out.add(new Instruction("UpdateRuleCondition", obj("ruleId", F.stringNode(ruleId), "condition", cond)));
                }
            }
        });
        if (!added.isEmpty()) {
            out.add(new Instruction("AddRuleConditions", obj("ruleId", F.stringNode(ruleId), "conditions", added)));
        }
        if (!removed.isEmpty()) {
            out.add(new Instruction("RemoveRuleConditions", obj("ruleId", F.stringNode(ruleId), "conditionIds", array(removed))));
        }
    }

    private static ObjectNode valuesChange(String ruleId, String conditionId, List<String> values) {
        ObjectNode n = F.objectNode();
        n.put("ruleId", ruleId);
        n.put("conditionId", conditionId);
        n.set("values", array(values));
        return n;
    }

    /** The values of a multi-value or segment condition (a JSON string array), or null for a single value. */
    private static List<String> listValue(String value) {
        String v = value.trim();
        if (!v.startsWith("[")) {
            return null;
        }
        try {
            JsonNode n = Json.tree(v);
            if (!n.isArray()) {
                return null;
            }
            List<String> values = new ArrayList<>();
            n.forEach(e -> values.add(e.asString("")));
            return values;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static ObjectNode obj(String k1, JsonNode v1, String k2, JsonNode v2) {
        ObjectNode n = F.objectNode();
        n.set(k1, v1);
        n.set(k2, v2);
        return n;
    }

    private static Instruction text(String kind, String value) {
        return new Instruction(kind, F.stringNode(value));
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static Map<String, JsonNode> byId(JsonNode list) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        if (list != null && list.isArray()) {
            for (JsonNode e : list) {
                m.put(str(e, "id"), e);
            }
        }
        return m;
    }

    private static Set<String> strings(JsonNode list) {
        Set<String> s = new LinkedHashSet<>();
        if (list != null && list.isArray()) {
            list.forEach(e -> s.add(e.asString("")));
        }
        return s;
    }

    private static boolean bool(JsonNode n, String field) {
        return n.path(field).asBoolean(false);
    }

    private static String str(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNull() || v.isMissingNode() ? "" : Objects.requireNonNullElse(v.asString(""), "");
    }
}
