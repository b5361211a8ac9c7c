package io.toggleworks.portal.iam;

import io.toggleworks.portal.apiclient.PolicyStatement;
import io.toggleworks.portal.web.FormParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The policy statement editor's rows ({@code st.<i>.resourceType/effect/actions/resources}); actions are typed as a
 * comma list, resources (resource names such as {@code project/*:env/*}) one per line.
 */
public final class StatementRows {
    public static final List<String> RESOURCE_TYPES = List.of("*", "workspace", "organization", "iam", "access-token", "relay-proxy",
            "project", "env", "flag", "segment");

    /** Common actions per resource type, offered as suggestions (api.md §3.13). */
    public static final Map<String, String> ACTION_HINTS = Map.of(
            "*", "*",
            "project", "CanAccessProject, CreateProject, DeleteProject, UpdateProjectSettings, CreateEnv",
            "env", "CanAccessEnv, DeleteEnv, UpdateEnvSettings, CreateEnvSecret, DeleteEnvSecret, UpdateEnvSecret",
            "flag", "*, CreateFlag, ToggleFlag, ArchiveFlag, RestoreFlag, DeleteFlag, UpdateFlagTargetingRules, UpdateFlagDefaultRule",
            "segment", "*, CreateSegment, ArchiveSegment, RestoreSegment, DeleteSegment, UpdateSegmentRules, UpdateSegmentTargetingUsers",
            "iam", "CanManageIAM",
            "access-token", "ManageServiceAccessTokens, ManagePersonalAccessTokens, ListAccessTokens",
            "organization", "UpdateOrgName, UpdateOrgSortFlagsBy, UpdateOrgDefaultUserPermissions, CreateOrg",
            "workspace", "UpdateWorkspaceGeneralSettings, UpdateWorkspaceLicense, UpdateWorkspaceSSOSettings",
            "relay-proxy", "ManageRelayProxies, ListRelayProxies");

    public record Row(String id, String resourceType, String effect, String actions, String resources) {}

    private StatementRows() {}

    public static List<Row> from(List<PolicyStatement> statements) {
        return statements.stream().map(s -> new Row(s.id(), s.resourceType(), s.effect(), String.join(", ", s.actions()), String.join("\n", s.resources()))).toList();
    }

    public static List<Row> parse(FormParams form) {
        List<Row> rows = new ArrayList<>();
        for (int i : form.indices("st.")) {
            String p = "st." + i + ".";
            String id = form.get(p + "id");
            rows.add(new Row(id.isBlank() ? UUID.randomUUID().toString() : id, form.get(p + "resourceType"), form.get(p + "effect"), form.get(p + "actions"), form.get(p + "resources")));
        }
        return rows;
    }

    public static List<Row> apply(List<Row> rows, String action) {
        List<Row> out = new ArrayList<>(rows);
        if (action.equals("addSt")) out.add(new Row(UUID.randomUUID().toString(), "flag", "allow", "*", "project/*:env/*:flag/*"));
        else if (action.startsWith("removeSt:")) out.remove(Integer.parseInt(action.substring("removeSt:".length())));
        return out;
    }

    public static Map<String, String> problems(List<Row> rows) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (!RESOURCE_TYPES.contains(r.resourceType())) p.put("st." + i, "Choose a resource type.");
            else if (FormParams.splitList(r.actions()).isEmpty()) p.put("st." + i, "Add at least one action (or *).");
            else if (FormParams.splitList(r.resources()).isEmpty()) p.put("st." + i, "Add at least one resource (or *).");
        }
        return p;
    }

    public static List<PolicyStatement> toWire(List<Row> rows) {
        return rows.stream().map(r -> new PolicyStatement(r.id(), r.resourceType(), "deny".equals(r.effect()) ? "deny" : "allow",
                FormParams.splitList(r.actions()), FormParams.splitList(r.resources()))).toList();
    }
}
