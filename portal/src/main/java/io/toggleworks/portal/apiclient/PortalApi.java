package io.toggleworks.portal.apiclient;

import java.util.List;

/**
 * The Management API as the portal uses it (api.md §4.5). Every call runs as the signed-in user of the current
 * browser session, with its organization and workspace. Failures are {@link ApiException}s carrying the envelope's
 * error codes; a 401 that a token refresh cannot cure means the user must sign in again.
 */
public interface PortalApi {

    // identity and tenancy (§4.5.5)
    LoginResult login(String email, String password);
    void logout();
    Profile profile();
    Profile updateProfile(String name, String email);
    void resetPassword(String currentPassword, String newPassword);
    List<Workspace> workspaces();
    List<Organization> organizations();
    void onboard(Onboarding onboarding);
    Organization updateOrganization(String name, DefaultPermissions defaultPermissions, OrgSettings settings);

    // projects, environments, secrets (§4.5.4)
    List<Project> projects();
    Project createProject(String name, String key);
    void updateProject(String projectId, String name);
    void deleteProject(String projectId);
    void createEnvironment(String projectId, String name, String key, String description);
    void updateEnvironment(String projectId, String envId, String name, String description);
    void deleteEnvironment(String projectId, String envId);
    Secret createSecret(String envId, String name, String type);
    void deleteSecret(String envId, String secretId);

    // feature flags (§4.5.1)
    PagedResult<FeatureFlagVm> flags(String envId, FlagFilter filter);
    List<String> flagTags(String envId);
    FeatureFlag flag(String envId, String key);
    boolean isFlagKeyUsed(String envId, String key);
    FeatureFlag createFlag(String envId, CreateFlag flag);
    String toggleFlag(String envId, String key, boolean on);
    void archiveFlag(String envId, String key);
    void restoreFlag(String envId, String key);
    void deleteFlag(String envId, String key);
    String updateFlagName(String envId, String key, String name);
    String updateFlagDescription(String envId, String key, String description);
    void updateFlagTags(String envId, String key, List<String> tags);
    String updateOffVariation(String envId, String key, String revision, String offVariationId);
    String updateVariations(String envId, String key, String revision, List<Variation> variations);
    String updateTargeting(String envId, String key, String revision, FlagTargeting targeting, String comment);

    /** Evaluations per variation and time bucket (the Data Analytics Service through the API). */
    List<FlagInsight> flagInsights(String envId, InsightQuery query);
    /** End users who evaluated the flag in the range; {@code variationId} and {@code search} may be empty. */
    PagedResult<FlagEndUser> flagEndUsers(String envId, InsightQuery query, String variationId, String search, int pageIndex, int pageSize);

    // segments (§4.5.2)
    PagedResult<SegmentVm> segments(String envId, String name, boolean archived, int pageIndex, int pageSize);
    Segment segment(String envId, String segmentId);
    Segment createSegment(String envId, String name, String key, String description);
    void updateSegmentName(String envId, String segmentId, String name);
    void updateSegmentDescription(String envId, String segmentId, String description);
    void updateSegmentTargeting(String envId, String segmentId, List<String> included, List<String> excluded, List<MatchRule> rules, String comment);
    void archiveSegment(String envId, String segmentId);
    void restoreSegment(String envId, String segmentId);
    void deleteSegment(String envId, String segmentId);
    List<FlagReference> segmentFlagReferences(String envId, String segmentId);

    // end users (§4.5.3)
    CursorPage<EndUser> endUsers(String envId, String searchText, PageCursor cursor, int pageSize);
    /** Up to {@code limit} (5..50) end users whose key or name contains the text, newest first, minus the excluded keys. */
    List<EndUser> searchEndUsers(String envId, String searchText, List<String> excludedKeyIds, int limit);
    EndUser endUser(String envId, String id);
    EndUser upsertEndUser(String envId, String keyId, String name, List<UserProperty> properties);
    PagedResult<EndUserFlag> endUserFlags(String envId, String id, int pageIndex, int pageSize);
    List<EndUserSegment> endUserSegments(String envId, String id);
    /** Uploads one JSON document {@code {"users":[...],"userProperties":[...]}}. */
    void uploadEndUsers(String envId, byte[] json);
    List<EndUserProperty> endUserProperties(String envId);

    // IAM (§4.5.6)
    PagedResult<Member> members(String searchText, int pageIndex, int pageSize);
    void addMember(String email, List<String> policyIds, List<String> groupIds);
    void removeMember(String memberId);
    PagedResult<Group> groups(String name, int pageIndex, int pageSize);
    Group group(String id);
    Group createGroup(String name, String description);
    Group updateGroup(String id, String name, String description);
    void deleteGroup(String id);
    PagedResult<GroupMember> groupMembers(String groupId, boolean all);
    void setGroupMember(String groupId, String memberId, boolean member);
    PagedResult<GroupPolicy> groupPolicies(String groupId, boolean all);
    void setGroupPolicy(String groupId, String policyId, boolean attached);
    PagedResult<Policy> policies(String name, int pageIndex, int pageSize);
    Policy policy(String id);
    Policy createPolicy(String name, String key, String description);
    Policy updatePolicyStatements(String id, List<PolicyStatement> statements);
    void deletePolicy(String id);

    // access tokens (§4.5.7)
    PagedResult<AccessToken> accessTokens(String name, int pageIndex, int pageSize);
    AccessToken createAccessToken(String name, String type, List<PolicyStatement> permissions);
    void toggleAccessToken(String id);
    void deleteAccessToken(String id);

    // audit log (§4.5.8)
    PagedResult<AuditLog> auditLogs(String envId, AuditFilter filter);
}
