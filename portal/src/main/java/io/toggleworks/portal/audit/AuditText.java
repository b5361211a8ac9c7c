package io.toggleworks.portal.audit;

import io.toggleworks.portal.apiclient.AuditLog;
import io.toggleworks.portal.apiclient.Instruction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Turns audit-log entries and the API's instruction diff into readable sentences. */
public final class AuditText {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private AuditText() {}

    public static String subject(AuditLog log) {
        // Flags are logged as "key,name"; segments as "name".
        String k = log.operation() == null ? "" : "";
        return k + (log.dataChange() == null ? "" : nameFrom(log));
    }

    private static String nameFrom(AuditLog log) {
        for (String json : new String[] {log.dataChange().current(), log.dataChange().previous()}) {
            if (json == null || json.isBlank()) continue;
            try {
                JsonNode n = JSON.readTree(json);
                String name = n.path("name").asString("");
                if (!name.isEmpty()) return name;
            } catch (RuntimeException ignored) {
                // not JSON: fall through
            }
        }
        return log.refId() == null ? "" : log.refId();
    }

    public static String badge(String operation) {
        if (operation == null) return "";
        return switch (operation) {
            case "Create" -> "on";
            case "Archive", "Remove" -> "warn";
            default -> "accent";
        };
    }

    public static String describe(Instruction ins) {
        JsonNode v = ins.value();
        String value = v == null || v.isNull() ? "" : v.isString() ? v.asString() : v.toString();
        return switch (ins.kind()) {
            case "TurnFlagOn" -> "Turned the flag on";
            case "TurnFlagOff" -> "Turned the flag off";
            case "ArchiveFlag", "Archive" -> "Archived";
            case "RestoreFlag", "Restore" -> "Restored";
            case "UpdateName" -> "Renamed to “" + value + "”";
            case "UpdateDescription" -> "Changed the description";
            case "AddTags" -> "Added tags " + value;
            case "RemoveTags" -> "Removed tags " + value;
            case "AddVariation" -> "Added variation " + v.path("name").asString(value);
            case "RemoveVariation" -> "Removed a variation";
            case "UpdateVariation" -> "Changed variation " + v.path("name").asString(value);
            case "UpdateDisabledVariation" -> "Changed the off variation";
            case "UpdateDefaultRuleVariationOrRollouts" -> "Changed what the default rule serves";
            case "UpdateDefaultRuleDispatchKey" -> "Changed the default rule's dispatch key";
            case "AddTargetUsers" -> "Added individually targeted users " + v.path("keyIds").toString();
            case "RemoveTargetUsers" -> "Removed individually targeted users " + v.path("keyIds").toString();
            case "SetTargetUsers" -> "Set individually targeted users";
            case "AddRule" -> "Added rule “" + v.path("name").asString("") + "”";
            case "RemoveRule" -> "Removed a rule";
            case "SetRules" -> "Replaced the rules";
            case "UpdateRuleName" -> "Renamed a rule to “" + v.path("name").asString("") + "”";
            case "UpdateRuleDispatchKey" -> "Changed a rule's dispatch key";
            case "AddRuleConditions" -> "Added conditions to a rule";
            case "RemoveRuleConditions" -> "Removed conditions from a rule";
            case "UpdateRuleCondition" -> "Changed a rule condition";
            case "AddValuesToRuleCondition" -> "Added values " + v.path("values").toString() + " to a condition";
            case "RemoveValuesFromRuleCondition" -> "Removed values " + v.path("values").toString() + " from a condition";
            case "UpdateRuleVariationOrRollouts" -> "Changed what a rule serves";
            case "AddTargetUsersToIncluded" -> "Included users " + value;
            case "RemoveTargetUsersFromIncluded" -> "No longer includes users " + value;
            case "AddTargetUsersToExcluded" -> "Excluded users " + value;
            case "RemoveTargetUsersFromExcluded" -> "No longer excludes users " + value;
            default -> ins.kind() + (value.isEmpty() ? "" : " " + value);
        };
    }

    public static String pretty(String json) {
        if (json == null || json.isBlank()) return "—";
        try {
            return JSON.writeValueAsString(JSON.readTree(json));
        } catch (RuntimeException e) {
            return json;
        }
    }
}
