package io.toggleworks.api.iam;

/**
 * The actions the API checks, with FeatBit's exact strings and the resource type whose RN they apply to
 * (api.md §3.14). The portal-only ones are enforced here too (FeatBit leaves them to the UI).
 */
public enum Permission {
    UPDATE_WORKSPACE_GENERAL_SETTINGS("UpdateWorkspaceGeneralSettings", "workspace"),
    UPDATE_WORKSPACE_LICENSE("UpdateWorkspaceLicense", "workspace"),
    UPDATE_WORKSPACE_SSO_SETTINGS("UpdateWorkspaceSSOSettings", "workspace"),
    UPDATE_ORG_SORT_FLAGS_BY("UpdateOrgSortFlagsBy", "organization"),
    UPDATE_ORG_NAME("UpdateOrgName", "organization"),
    UPDATE_ORG_DEFAULT_USER_PERMISSIONS("UpdateOrgDefaultUserPermissions", "organization"),
    CREATE_ORG("CreateOrg", "organization"),
    CAN_MANAGE_IAM("CanManageIAM", "iam"),
    LIST_ACCESS_TOKENS("ListAccessTokens", "access-token"),
    MANAGE_SERVICE_ACCESS_TOKENS("ManageServiceAccessTokens", "access-token"),
    MANAGE_PERSONAL_ACCESS_TOKENS("ManagePersonalAccessTokens", "access-token"),
    LIST_RELAY_PROXIES("ListRelayProxies", "relay-proxy"),
    MANAGE_RELAY_PROXIES("ManageRelayProxies", "relay-proxy"),
    CAN_ACCESS_PROJECT("CanAccessProject", "project"),
    CREATE_PROJECT("CreateProject", "project"),
    DELETE_PROJECT("DeleteProject", "project"),
    UPDATE_PROJECT_SETTINGS("UpdateProjectSettings", "project"),
    CREATE_ENV("CreateEnv", "project"),
    CAN_ACCESS_ENV("CanAccessEnv", "env"),
    DELETE_ENV("DeleteEnv", "env"),
    UPDATE_ENV_SETTINGS("UpdateEnvSettings", "env"),
    CREATE_ENV_SECRET("CreateEnvSecret", "env"),
    DELETE_ENV_SECRET("DeleteEnvSecret", "env"),
    UPDATE_ENV_SECRET("UpdateEnvSecret", "env"),
    CREATE_FLAG("CreateFlag", "flag"),
    ARCHIVE_FLAG("ArchiveFlag", "flag"),
    RESTORE_FLAG("RestoreFlag", "flag"),
    DELETE_FLAG("DeleteFlag", "flag"),
    CLONE_FLAG("CloneFlag", "flag"),
    COPY_FLAG_TO("CopyFlagTo", "flag"),
    TOGGLE_FLAG("ToggleFlag", "flag"),
    UPDATE_FLAG_NAME("UpdateFlagName", "flag"),
    UPDATE_FLAG_DESCRIPTION("UpdateFlagDescription", "flag"),
    UPDATE_FLAG_OFF_VARIATION("UpdateFlagOffVariation", "flag"),
    UPDATE_FLAG_VARIATIONS("UpdateFlagVariations", "flag"),
    UPDATE_FLAG_TAGS("UpdateFlagTags", "flag"),
    UPDATE_FLAG_DEFAULT_RULE("UpdateFlagDefaultRule", "flag"),
    UPDATE_FLAG_INDIVIDUAL_TARGETING("UpdateFlagIndividualTargeting", "flag"),
    UPDATE_FLAG_TARGETING_RULES("UpdateFlagTargetingRules", "flag"),
    CREATE_SEGMENT("CreateSegment", "segment"),
    ARCHIVE_SEGMENT("ArchiveSegment", "segment"),
    RESTORE_SEGMENT("RestoreSegment", "segment"),
    DELETE_SEGMENT("DeleteSegment", "segment"),
    UPDATE_SEGMENT_NAME("UpdateSegmentName", "segment"),
    UPDATE_SEGMENT_DESCRIPTION("UpdateSegmentDescription", "segment"),
    UPDATE_SEGMENT_TAGS("UpdateSegmentTags", "segment"),
    UPDATE_SEGMENT_TARGETING_USERS("UpdateSegmentTargetingUsers", "segment"),
    UPDATE_SEGMENT_RULES("UpdateSegmentRules", "segment");

    private final String action;
    private final String resourceType;

    Permission(String action, String resourceType) {
        this.action = action;
        this.resourceType = resourceType;
    }

    /** FeatBit's action string, as written in policy statements. */
    public String action() {
        return action;
    }

    public String resourceType() {
        return resourceType;
    }
}
