package io.toggleworks.portal.apiclient;

import io.toggleworks.portal.auth.PortalSession;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PortalApi} over HTTP, the way FeatBit's own UI calls the API: {@code Authorization: Bearer <jwt>},
 * {@code Organization} and {@code Workspace} headers, the {@code {success, errors, data}} envelope. The JWT lives
 * five minutes, so a 401 triggers one refresh with the stored refresh-token cookie and a retry.
 */
@Component
public class HttpPortalApi implements PortalApi {
    private static final String API = "/api/v1/";
    private static final String REFRESH_COOKIE = "refresh-token";

    private final RestClient http;
    private final JsonMapper json;
    private final PortalSession session;

    public HttpPortalApi(@Value("${portal.api-url}") String apiUrl, JsonMapper json, PortalSession session) {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(Duration.ofSeconds(60));
        this.http = RestClient.builder().baseUrl(apiUrl.replaceAll("/+$", "")).requestFactory(factory).build();
        // Lenient about timestamps (with or without an offset), so one odd date never breaks a page.
        this.json = json.rebuild().addModule(new tools.jackson.databind.module.SimpleModule().addDeserializer(java.time.Instant.class, new LenientInstant())).build();
        this.session = session;
    }

    private record Reply(int status, HttpHeaders headers, String body) {}

    // ---- plumbing ----

    private Reply send(HttpMethod method, String uri, Object body, boolean authenticated, String cookie) {
        RestClient.RequestBodySpec spec = http.method(method).uri(uri).headers(h -> {
            h.setAccept(List.of(MediaType.APPLICATION_JSON));
            if (authenticated && session.token() != null) {
                h.setBearerAuth(session.token());
                if (session.orgId() != null) h.set("Organization", session.orgId());
                if (session.workspaceId() != null) h.set("Workspace", session.workspaceId());
            }
            if (cookie != null) h.add(HttpHeaders.COOKIE, cookie);
        });
        if (body instanceof MultiValueMap<?, ?> form) {
            spec.contentType(MediaType.MULTIPART_FORM_DATA).body(form);
        } else if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
        }
        return spec.exchange((req, res) -> new Reply(res.getStatusCode().value(), res.getHeaders(),
                new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)), true);
    }

    private JsonNode call(HttpMethod method, String uri, Object body) {
        Reply reply = send(method, uri, body, true, null);
        if (reply.status() == 401 && session.refreshToken() != null && refresh()) {
            reply = send(method, uri, body, true, null);
        }
        return unwrap(reply);
    }

    private JsonNode unwrap(Reply reply) {
        JsonNode envelope = null;
        if (reply.body() != null && !reply.body().isBlank()) {
            try {
                envelope = json.readTree(reply.body());
            } catch (RuntimeException notJson) {
                envelope = null;
            }
        }
        if (envelope == null || !envelope.isObject() || !envelope.has("success")) {
            if (reply.status() >= 200 && reply.status() < 300) {
                return envelope;
            }
            throw new ApiException(reply.status(), reply.status() == 401 ? List.of("Unauthorized") : List.of());
        }
        if (!envelope.path("success").asBoolean(false)) {
            List<String> errors = new ArrayList<>();
            envelope.path("errors").forEach(e -> errors.add(e.asString()));
            int status = reply.status() >= 400 ? reply.status() : 400;
            throw new ApiException(status, errors);
        }
        return envelope.get("data");
    }

    private boolean refresh() {
        Reply reply = send(HttpMethod.POST, API + "identity/refresh-token", null, false, REFRESH_COOKIE + "=" + session.refreshToken());
        try {
            JsonNode data = unwrap(reply);
            String token = data.path("token").asString(null);
            if (token == null) return false;
            session.signIn(token, refreshCookie(reply.headers(), session.refreshToken()));
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    private static String refreshCookie(HttpHeaders headers, String fallback) {
        for (String header : headers.getOrEmpty(HttpHeaders.SET_COOKIE)) {
            for (HttpCookie c : HttpCookie.parse(header)) {
                if (REFRESH_COOKIE.equals(c.getName()) && !c.getValue().isEmpty()) return c.getValue();
            }
        }
        return fallback;
    }

    private <T> T get(String uri, TypeReference<T> type) {
        return convert(call(HttpMethod.GET, uri, null), type);
    }

    private <T> T send(HttpMethod method, String uri, Object body, TypeReference<T> type) {
        return convert(call(method, uri, body), type);
    }

    private void run(HttpMethod method, String uri, Object body) {
        call(method, uri, body);
    }

    private <T> T convert(JsonNode node, TypeReference<T> type) {
        return node == null || node.isNull() ? null : json.convertValue(node, type);
    }

    private static String asText(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static UriComponentsBuilder uri(String path, Object... vars) {
        return UriComponentsBuilder.fromPath(API + path).uriVariables(indexed(vars));
    }

    private static Map<String, Object> indexed(Object... vars) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < vars.length; i++) m.put(String.valueOf(i), vars[i]);
        return m;
    }

    /** Builds the path with {0}, {1}... expanded and encoded, plus the optional query. */
    private static String path(String template, Object... vars) {
        return uri(template, vars).encode().build().toUriString();
    }

    private static final TypeReference<Boolean> BOOL = new TypeReference<>() {};
    private static final TypeReference<String> STRING = new TypeReference<>() {};

    // ---- identity and tenancy ----

    @Override
    public LoginResult login(String email, String password) {
        Reply reply = send(HttpMethod.POST, API + "identity/login-by-email", Map.of("email", email, "password", password), false, null);
        JsonNode data = unwrap(reply);
        return new LoginResult(data.path("token").asString(), refreshCookie(reply.headers(), null));
    }

    @Override
    public void logout() {
        String cookie = session.refreshToken() == null ? null : REFRESH_COOKIE + "=" + session.refreshToken();
        send(HttpMethod.POST, API + "identity/logout", null, true, cookie);
    }

    @Override public Profile profile() { return get(API + "user/profile", new TypeReference<>() {}); }

    @Override
    public Profile updateProfile(String name, String email) {
        return send(HttpMethod.PUT, API + "user/profile", Map.of("name", name, "email", email), new TypeReference<>() {});
    }

    @Override
    public void resetPassword(String currentPassword, String newPassword) {
        JsonNode result = call(HttpMethod.PUT, API + "identity/reset-password", Map.of("currentPassword", currentPassword, "newPassword", newPassword));
        if (result != null && result.has("success") && !result.path("success").asBoolean()) {
            throw new ApiException(400, List.of(result.path("reason").asString("EmailPasswordMismatch")));
        }
    }

    @Override public List<Workspace> workspaces() { return get(API + "user/workspaces", new TypeReference<>() {}); }
    @Override public List<Organization> organizations() { return get(API + "organizations", new TypeReference<>() {}); }
    @Override public void onboard(Onboarding onboarding) { run(HttpMethod.POST, API + "organizations/onboarding", onboarding); }

    @Override
    public Organization updateOrganization(String name, DefaultPermissions defaultPermissions, OrgSettings settings) {
        return send(HttpMethod.PUT, API + "organizations",
                Map.of("name", name, "defaultPermissions", defaultPermissions, "settings", settings), new TypeReference<>() {});
    }

    // ---- projects ----

    @Override public List<Project> projects() { return get(API + "projects", new TypeReference<>() {}); }

    @Override
    public Project createProject(String name, String key) {
        return send(HttpMethod.POST, API + "projects", Map.of("name", name, "key", key), new TypeReference<>() {});
    }

    @Override public void updateProject(String projectId, String name) { run(HttpMethod.PUT, path("projects/{0}", projectId), Map.of("name", name)); }
    @Override public void deleteProject(String projectId) { run(HttpMethod.DELETE, path("projects/{0}", projectId), null); }

    @Override
    public void createEnvironment(String projectId, String name, String key, String description) {
        run(HttpMethod.POST, path("projects/{0}/envs", projectId), Map.of("name", name, "key", key, "description", description,
                "settings", new EnvSettings(false)));
    }

    @Override
    public void updateEnvironment(String projectId, String envId, String name, String description) {
        run(HttpMethod.PUT, path("projects/{0}/envs/{1}", projectId, envId), Map.of("name", name, "description", description));
    }

    @Override public void deleteEnvironment(String projectId, String envId) { run(HttpMethod.DELETE, path("projects/{0}/envs/{1}", projectId, envId), null); }

    @Override
    public Secret createSecret(String envId, String name, String type) {
        return send(HttpMethod.POST, path("envs/{0}/secrets", envId), Map.of("name", name, "type", type), new TypeReference<>() {});
    }

    @Override public void deleteSecret(String envId, String secretId) { run(HttpMethod.DELETE, path("envs/{0}/secrets/{1}", envId, secretId), null); }

    // ---- flags ----

    @Override
    public PagedResult<FeatureFlagVm> flags(String envId, FlagFilter f) {
        var b = uri("envs/{0}/feature-flags", envId)
                .queryParam("isArchived", f.isArchived())
                .queryParam("pageIndex", f.pageIndex())
                .queryParam("pageSize", f.pageSize());
        if (f.name() != null && !f.name().isBlank()) b.queryParam("name", f.name());
        if (f.isEnabled() != null) b.queryParam("isEnabled", f.isEnabled());
        if (f.sortBy() != null) b.queryParam("sortBy", f.sortBy());
        if (f.tags() != null) f.tags().forEach(t -> b.queryParam("tags", t));
        return get(b.encode().build().toUriString(), new TypeReference<>() {});
    }

    @Override public List<String> flagTags(String envId) { return get(path("envs/{0}/feature-flags/all-tags", envId), new TypeReference<>() {}); }
    @Override public FeatureFlag flag(String envId, String key) { return get(path("envs/{0}/feature-flags/{1}", envId, key), new TypeReference<>() {}); }

    @Override
    public List<FlagInsight> flagInsights(String envId, InsightQuery q) {
        return get(uri("envs/{0}/feature-flags/insights", envId).queryParam("featureFlagKey", q.flagKey()).queryParam("intervalType", q.intervalType())
                .queryParam("from", q.fromMs()).queryParam("to", q.toMs()).encode().build().toUriString(), new TypeReference<>() {});
    }

    @Override
    public boolean isFlagKeyUsed(String envId, String key) {
        return Boolean.TRUE.equals(get(uri("envs/{0}/feature-flags/is-key-used", envId).queryParam("key", key).encode().build().toUriString(), BOOL));
    }

    @Override
    public FeatureFlag createFlag(String envId, CreateFlag flag) {
        return send(HttpMethod.POST, path("envs/{0}/feature-flags", envId), flag, new TypeReference<>() {});
    }

    @Override
    public String toggleFlag(String envId, String key, boolean on) {
        return asText(call(HttpMethod.PUT, path("envs/{0}/feature-flags/{1}/toggle/{2}", envId, key, on), Map.of()));
    }

    @Override public void archiveFlag(String envId, String key) { run(HttpMethod.PUT, path("envs/{0}/feature-flags/{1}/archive", envId, key), Map.of()); }
    @Override public void restoreFlag(String envId, String key) { run(HttpMethod.PUT, path("envs/{0}/feature-flags/{1}/restore", envId, key), Map.of()); }
    @Override public void deleteFlag(String envId, String key) { run(HttpMethod.DELETE, path("envs/{0}/feature-flags/{1}", envId, key), Map.of()); }

    @Override
    public String updateFlagName(String envId, String key, String name) {
        return asText(call(HttpMethod.PUT, path("envs/{0}/feature-flags/{1}/name", envId, key), Map.of("name", name)));
    }

    @Override
    public String updateFlagDescription(String envId, String key, String description) {
        return asText(call(HttpMethod.PUT, path("envs/{0}/feature-flags/{1}/description", envId, key), Map.of("description", description)));
    }

    @Override
    public void updateFlagTags(String envId, String key, List<String> tags) {
        run(HttpMethod.PUT, path("envs/{0}/feature-flags/{1}/tags", envId, key), Map.of("tags", tags));
    }

    @Override
    public String updateOffVariation(String envId, String key, String revision, String offVariationId) {
        return asText(call(HttpMethod.PUT, path("envs/{0}/feature-flags/{1}/off-variation", envId, key),
                Map.of("revision", revision, "offVariationId", offVariationId)));
    }

    @Override
    public String updateVariations(String envId, String key, String revision, List<Variation> variations) {
        return asText(call(HttpMethod.PUT, path("envs/{0}/feature-flags/{1}/variations", envId, key),
                Map.of("revision", revision, "variations", variations)));
    }

    @Override
    public String updateTargeting(String envId, String key, String revision, FlagTargeting targeting, String comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("revision", revision);
        body.put("targeting", targeting);
        body.put("comment", comment == null ? "" : comment);
        return asText(call(HttpMethod.PUT, path("envs/{0}/feature-flags/{1}/targeting", envId, key), body));
    }

    // ---- segments ----

    @Override
    public PagedResult<SegmentVm> segments(String envId, String name, boolean archived, int pageIndex, int pageSize) {
        var b = uri("envs/{0}/segments", envId).queryParam("isArchived", archived).queryParam("pageIndex", pageIndex).queryParam("pageSize", pageSize);
        if (name != null && !name.isBlank()) b.queryParam("name", name);
        return get(b.encode().build().toUriString(), new TypeReference<>() {});
    }

    @Override public Segment segment(String envId, String id) { return get(path("envs/{0}/segments/{1}", envId, id), new TypeReference<>() {}); }

    @Override
    public Segment createSegment(String envId, String name, String key, String description) {
        // Environment-specific: its only scope is the environment itself, which the API fills in.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "environment-specific");
        body.put("name", name);
        body.put("key", key);
        body.put("description", description);
        body.put("scopes", List.of());
        return send(HttpMethod.POST, path("envs/{0}/segments", envId), body, new TypeReference<>() {});
    }

    @Override public void updateSegmentName(String envId, String id, String name) { run(HttpMethod.PUT, path("envs/{0}/segments/{1}/name", envId, id), Map.of("name", name)); }
    @Override public void updateSegmentDescription(String envId, String id, String d) { run(HttpMethod.PUT, path("envs/{0}/segments/{1}/description", envId, id), Map.of("description", d)); }

    @Override
    public void updateSegmentTargeting(String envId, String id, List<String> included, List<String> excluded, List<MatchRule> rules, String comment) {
        run(HttpMethod.PUT, path("envs/{0}/segments/{1}/targeting", envId, id),
                Map.of("included", included, "excluded", excluded, "rules", rules, "comment", comment == null ? "" : comment));
    }

    @Override public void archiveSegment(String envId, String id) { run(HttpMethod.PUT, path("envs/{0}/segments/{1}/archive", envId, id), Map.of()); }
    @Override public void restoreSegment(String envId, String id) { run(HttpMethod.PUT, path("envs/{0}/segments/{1}/restore", envId, id), Map.of()); }
    @Override public void deleteSegment(String envId, String id) { run(HttpMethod.DELETE, path("envs/{0}/segments/{1}", envId, id), Map.of()); }

    @Override
    public List<FlagReference> segmentFlagReferences(String envId, String id) {
        return get(path("envs/{0}/segments/{1}/flag-references", envId, id), new TypeReference<>() {});
    }

    // ---- end users ----

    @Override
    public CursorPage<EndUser> endUsers(String envId, String searchText, PageCursor cursor, int pageSize) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("searchText", searchText == null ? "" : searchText);
        body.put("cursor", cursor);
        body.put("pageSize", pageSize);
        return send(HttpMethod.POST, path("envs/{0}/end-users/list", envId), body, new TypeReference<>() {});
    }

    @Override
    public List<EndUser> searchEndUsers(String envId, String searchText, List<String> excludedKeyIds, int limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("searchText", searchText == null ? "" : searchText);
        body.put("excludedKeyIds", excludedKeyIds);
        body.put("globalUserOnly", false);
        body.put("limit", Math.max(5, Math.min(50, limit)));
        return send(HttpMethod.POST, path("envs/{0}/end-users/search", envId), body, new TypeReference<>() {});
    }

    @Override
    public PagedResult<FlagEndUser> flagEndUsers(String envId, InsightQuery q, String variationId, String search, int pageIndex, int pageSize) {
        var b = uri("envs/{0}/end-users/get-by-featureflag", envId).queryParam("featureFlagKey", q.flagKey());
        if (variationId != null && !variationId.isEmpty()) b.queryParam("variationId", variationId);
        if (search != null && !search.isBlank()) b.queryParam("query", search.trim());
        b.queryParam("from", q.fromMs()).queryParam("to", q.toMs()).queryParam("pageIndex", pageIndex).queryParam("pageSize", pageSize);
        return get(b.encode().build().toUriString(), new TypeReference<>() {});
    }

    @Override public EndUser endUser(String envId, String id) { return get(path("envs/{0}/end-users/{1}", envId, id), new TypeReference<>() {}); }

    @Override
    public EndUser upsertEndUser(String envId, String keyId, String name, List<UserProperty> properties) {
        return send(HttpMethod.PUT, path("envs/{0}/end-users", envId),
                Map.of("keyId", keyId, "name", name, "customizedProperties", properties), new TypeReference<>() {});
    }

    @Override
    public PagedResult<EndUserFlag> endUserFlags(String envId, String id, int pageIndex, int pageSize) {
        return get(uri("envs/{0}/end-users/{1}/flags", envId, id).queryParam("pageIndex", pageIndex).queryParam("pageSize", pageSize)
                .encode().build().toUriString(), new TypeReference<>() {});
    }

    @Override
    public List<EndUserSegment> endUserSegments(String envId, String id) {
        return get(path("envs/{0}/end-users/{1}/segments", envId, id), new TypeReference<>() {});
    }

    @Override
    public void uploadEndUsers(String envId, byte[] content) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return "end-users.json";
            }
        });
        run(HttpMethod.POST, path("envs/{0}/end-users/upload", envId), form);
    }

    @Override
    public List<EndUserProperty> endUserProperties(String envId) {
        return get(path("envs/{0}/end-user-properties", envId), new TypeReference<>() {});
    }

    // ---- IAM ----

    private static String paged(String path, String filterName, String filter, int pageIndex, int pageSize) {
        var b = UriComponentsBuilder.fromPath(API + path).queryParam("pageIndex", pageIndex).queryParam("pageSize", pageSize);
        if (filter != null && !filter.isBlank()) b.queryParam(filterName, filter);
        return b.encode().build().toUriString();
    }

    @Override public PagedResult<Member> members(String s, int i, int n) { return get(paged("members", "searchText", s, i, n), new TypeReference<>() {}); }

    @Override
    public void addMember(String email, List<String> policyIds, List<String> groupIds) {
        run(HttpMethod.POST, API + "members/add", Map.of("email", email, "policyIds", policyIds, "groupIds", groupIds));
    }

    @Override public void removeMember(String memberId) { run(HttpMethod.DELETE, path("members/remove-from-org/{0}", memberId), null); }
    @Override public PagedResult<Group> groups(String name, int i, int n) { return get(paged("groups", "name", name, i, n), new TypeReference<>() {}); }
    @Override public Group group(String id) { return get(path("groups/{0}", id), new TypeReference<>() {}); }
    @Override public Group createGroup(String name, String d) { return send(HttpMethod.POST, API + "groups", Map.of("name", name, "description", d), new TypeReference<>() {}); }
    @Override public Group updateGroup(String id, String name, String d) { return send(HttpMethod.PUT, path("groups/{0}", id), Map.of("name", name, "description", d), new TypeReference<>() {}); }
    @Override public void deleteGroup(String id) { run(HttpMethod.DELETE, path("groups/{0}", id), null); }

    @Override
    public PagedResult<GroupMember> groupMembers(String groupId, boolean all) {
        return get(uri("groups/{0}/members", groupId).queryParam("getAllMembers", all).queryParam("pageSize", 100).encode().build().toUriString(), new TypeReference<>() {});
    }

    @Override
    public void setGroupMember(String groupId, String memberId, boolean member) {
        run(HttpMethod.PUT, path(member ? "groups/{0}/add-member/{1}" : "groups/{0}/remove-member/{1}", groupId, memberId), null);
    }

    @Override
    public PagedResult<GroupPolicy> groupPolicies(String groupId, boolean all) {
        return get(uri("groups/{0}/policies", groupId).queryParam("getAllPolicies", all).queryParam("pageSize", 100).encode().build().toUriString(), new TypeReference<>() {});
    }

    @Override
    public void setGroupPolicy(String groupId, String policyId, boolean attached) {
        run(HttpMethod.PUT, path(attached ? "groups/{0}/add-policy/{1}" : "groups/{0}/remove-policy/{1}", groupId, policyId), null);
    }

    @Override public PagedResult<Policy> policies(String name, int i, int n) { return get(paged("policies", "name", name, i, n), new TypeReference<>() {}); }
    @Override public Policy policy(String id) { return get(path("policies/{0}", id), new TypeReference<>() {}); }

    @Override
    public Policy createPolicy(String name, String key, String description) {
        return send(HttpMethod.POST, API + "policies", Map.of("name", name, "key", key, "description", description), new TypeReference<>() {});
    }

    @Override
    public Policy updatePolicyStatements(String id, List<PolicyStatement> statements) {
        return send(HttpMethod.PUT, path("policies/{0}/statements", id), statements, new TypeReference<>() {});
    }

    @Override public void deletePolicy(String id) { run(HttpMethod.DELETE, path("policies/{0}", id), null); }

    // ---- access tokens ----

    @Override public PagedResult<AccessToken> accessTokens(String name, int i, int n) { return get(paged("access-tokens", "name", name, i, n), new TypeReference<>() {}); }

    @Override
    public AccessToken createAccessToken(String name, String type, List<PolicyStatement> permissions) {
        return send(HttpMethod.POST, API + "access-tokens", Map.of("name", name, "type", type, "permissions", permissions), new TypeReference<>() {});
    }

    @Override public void toggleAccessToken(String id) { run(HttpMethod.PUT, path("access-tokens/{0}/toggle", id), null); }
    @Override public void deleteAccessToken(String id) { run(HttpMethod.DELETE, path("access-tokens/{0}", id), null); }

    // ---- audit log ----

    @Override
    public PagedResult<AuditLog> auditLogs(String envId, AuditFilter f) {
        var b = uri("envs/{0}/audit-logs", envId).queryParam("pageIndex", f.pageIndex()).queryParam("pageSize", f.pageSize())
                .queryParam("crossEnvironment", f.crossEnvironment());
        if (f.query() != null && !f.query().isBlank()) b.queryParam("query", f.query());
        if (f.refId() != null) b.queryParam("refId", f.refId());
        if (f.refType() != null && !f.refType().isBlank()) b.queryParam("refType", f.refType());
        return get(b.encode().build().toUriString(), new TypeReference<>() {});
    }
}
