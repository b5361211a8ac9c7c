package io.toggleworks.portal.apiclient;

import io.toggleworks.portal.auth.PortalSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fake of the Management API that behaves like it for what the portal uses: credentials, validation error codes,
 * revisions (409 on a stale one), archive/restore, paging and filters. Page tests run against it instead of mocks.
 */
public class InMemoryPortalApi implements PortalApi {
    public static final String EMAIL = "test@featbit.com";
    public static final String PASSWORD = "123456";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PortalSession session;
    private final List<String> validTokens = new CopyOnWriteArrayList<>();
    private final Workspace workspace = new Workspace(id(), "Default Workspace", "default-workspace");
    private Organization org;
    private final List<Project> projects = new ArrayList<>();
    private final Map<String, Map<String, FeatureFlag>> flags = new LinkedHashMap<>();
    private final Map<String, Map<String, Segment>> segments = new LinkedHashMap<>();
    private final Map<String, List<EndUser>> endUsers = new LinkedHashMap<>();
    private final List<AuditLog> audit = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();
    private final List<Group> groups = new ArrayList<>();
    private final List<Policy> policies = new ArrayList<>();
    private final List<AccessToken> tokens = new ArrayList<>();
    public final List<FlagTargeting> savedTargetings = new ArrayList<>();

    public InMemoryPortalApi(PortalSession session) {
        this.session = session;
        reset(true);
    }

    /** Fresh data; {@code onboarded=false} is the seed state (organization not initialized, no project). */
    public synchronized void reset(boolean onboarded) {
        validTokens.clear();
        projects.clear();
        flags.clear();
        segments.clear();
        endUsers.clear();
        audit.clear();
        members.clear();
        groups.clear();
        policies.clear();
        tokens.clear();
        savedTargetings.clear();
        evaluations.clear();
        org = new Organization(id(), "playground", "playground", false, new DefaultPermissions(List.of(), List.of()), new OrgSettings("created_at"));
        members.add(new Member(id(), EMAIL, "tester", null, null, List.of()));
        policies.add(new Policy("98881f6a-5c6c-4277-bcf7-fda94c538785", "Owner", "owner", "SysManaged", "Full access", List.of(new PolicyStatement(id(), "*", "allow", List.of("*"), List.of("*"))), Instant.now()));
        policies.add(new Policy("66f3687f-939d-4257-bd3f-c3553d39e1b6", "Developer", "developer", "SysManaged", "Flags and segments", List.of(), Instant.now()));
        if (onboarded) onboard(new Onboarding("Acme", "acme", "Web shop", "web-shop", List.of("Dev", "Prod")));
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private volatile boolean seeding;

    private void authenticated() {
        if (seeding) return;
        if (session.token() == null || !validTokens.contains(session.token())) throw new ApiException(401, List.of("Unauthorized"));
    }

    /** Runs calls without a signed-in session, to seed demo data. */
    public synchronized void seed(Runnable calls) {
        seeding = true;
        try {
            calls.run();
        } finally {
            seeding = false;
        }
    }

    /** Reads without a signed-in session, for test assertions. */
    public synchronized <T> T seedRead(java.util.function.Supplier<T> read) {
        seeding = true;
        try {
            return read.get();
        } finally {
            seeding = false;
        }
    }

    /** Makes the current JWT invalid, as if it expired and could not be refreshed. */
    public void expireAllTokens() {
        validTokens.clear();
    }

    public String firstEnvId() {
        return projects.getFirst().environments().getFirst().id();
    }

    // ---- identity ----

    @Override
    public synchronized LoginResult login(String email, String password) {
        if (!email.contains("@")) throw new ApiException(400, List.of("email_is_invalid"));
        if (!EMAIL.equals(email) || !PASSWORD.equals(password)) throw new ApiException(400, List.of("EmailPasswordMismatch"));
        String token = "jwt-" + id();
        validTokens.add(token);
        return new LoginResult(token, "refresh-" + id());
    }

    @Override public void logout() { validTokens.remove(session.token()); }
    @Override public Profile profile() { authenticated(); return new Profile(members.getFirst().id(), EMAIL, "tester", "Local"); }
    @Override public Profile updateProfile(String name, String email) { authenticated(); return new Profile(members.getFirst().id(), email, name, "Local"); }

    @Override
    public void resetPassword(String currentPassword, String newPassword) {
        authenticated();
        if (newPassword.length() < 6) throw new ApiException(400, List.of("PasswordTooShort"));
        if (!PASSWORD.equals(currentPassword)) throw new ApiException(400, List.of("EmailPasswordMismatch"));
    }

    @Override public List<Workspace> workspaces() { authenticated(); return List.of(workspace); }
    @Override public synchronized List<Organization> organizations() { authenticated(); return List.of(org); }

    @Override
    public synchronized void onboard(Onboarding o) {
        if (o.organizationName().isBlank()) throw new ApiException(400, List.of("organizationName_is_required"));
        org = new Organization(org.id(), o.organizationName(), o.organizationKey(), true, org.defaultPermissions(), org.settings());
        createProjectWith(o.projectName(), o.projectKey(), o.environments());
    }

    @Override
    public synchronized Organization updateOrganization(String name, DefaultPermissions p, OrgSettings s) {
        authenticated();
        if (name.isBlank()) throw new ApiException(400, List.of("name_is_required"));
        org = new Organization(org.id(), name, org.key(), org.initialized(), p, s);
        return org;
    }

    // ---- projects ----

    @Override public synchronized List<Project> projects() { authenticated(); return List.copyOf(projects); }

    @Override
    public synchronized Project createProject(String name, String key) {
        authenticated();
        if (name.isBlank()) throw new ApiException(400, List.of("name_is_required"));
        if (projects.stream().anyMatch(p -> p.key().equalsIgnoreCase(key))) throw new ApiException(422, List.of("KeyHasBeenUsed"));
        return createProjectWith(name, key, List.of("Prod", "Dev"));
    }

    private Project createProjectWith(String name, String key, List<String> envNames) {
        String pid = id();
        List<Environment> envs = new ArrayList<>();
        for (String n : envNames) {
            String eid = id();
            envs.add(new Environment(eid, pid, n, n.toLowerCase(), "", List.of(new Secret(id(), "Server Key", "server", "srv-" + eid.substring(0, 8)),
                    new Secret(id(), "Client Key", "client", "cli-" + eid.substring(0, 8))), new EnvSettings(false), Instant.now(), Instant.now()));
            flags.put(eid, new LinkedHashMap<>());
            segments.put(eid, new LinkedHashMap<>());
            endUsers.put(eid, new ArrayList<>());
        }
        Project p = new Project(pid, name, key, envs);
        projects.add(p);
        return p;
    }

    private int projectIndex(String projectId) {
        for (int i = 0; i < projects.size(); i++) if (projects.get(i).id().equals(projectId)) return i;
        throw new ApiException(404, List.of("ResourceNotFound"));
    }

    @Override
    public synchronized void updateProject(String projectId, String name) {
        authenticated();
        if (name.isBlank()) throw new ApiException(400, List.of("name_is_required"));
        int i = projectIndex(projectId);
        Project p = projects.get(i);
        projects.set(i, new Project(p.id(), name, p.key(), p.environments()));
    }

    @Override public synchronized void deleteProject(String projectId) { authenticated(); projects.remove(projectIndex(projectId)); }

    @Override
    public synchronized void createEnvironment(String projectId, String name, String key, String description) {
        authenticated();
        if (name.isBlank()) throw new ApiException(400, List.of("name_is_required"));
        if (key.isBlank()) throw new ApiException(400, List.of("key_is_required"));
        int i = projectIndex(projectId);
        Project p = projects.get(i);
        if (p.environments().stream().anyMatch(e -> e.key().equalsIgnoreCase(key))) throw new ApiException(422, List.of("KeyHasBeenUsed"));
        String eid = id();
        List<Environment> envs = new ArrayList<>(p.environments());
        envs.add(new Environment(eid, projectId, name, key, description, List.of(new Secret(id(), "Server Key", "server", "srv-" + eid.substring(0, 8)),
                new Secret(id(), "Client Key", "client", "cli-" + eid.substring(0, 8))), new EnvSettings(false), Instant.now(), Instant.now()));
        flags.put(eid, new LinkedHashMap<>());
        segments.put(eid, new LinkedHashMap<>());
        endUsers.put(eid, new ArrayList<>());
        projects.set(i, new Project(p.id(), p.name(), p.key(), envs));
    }

    @Override
    public synchronized void updateEnvironment(String projectId, String envId, String name, String description) {
        authenticated();
        if (name.isBlank()) throw new ApiException(400, List.of("name_is_required"));
        replaceEnv(envId, e -> new Environment(e.id(), e.projectId(), name, e.key(), description, e.secrets(), e.settings(), e.createdAt(), Instant.now()));
    }

    @Override
    public synchronized void deleteEnvironment(String projectId, String envId) {
        authenticated();
        int i = projectIndex(projectId);
        Project p = projects.get(i);
        projects.set(i, new Project(p.id(), p.name(), p.key(), p.environments().stream().filter(e -> !e.id().equals(envId)).toList()));
    }

    private void replaceEnv(String envId, java.util.function.UnaryOperator<Environment> change) {
        for (int i = 0; i < projects.size(); i++) {
            Project p = projects.get(i);
            List<Environment> envs = p.environments().stream().map(e -> e.id().equals(envId) ? change.apply(e) : e).toList();
            projects.set(i, new Project(p.id(), p.name(), p.key(), envs));
        }
    }

    @Override
    public synchronized Secret createSecret(String envId, String name, String type) {
        authenticated();
        Secret s = new Secret(id(), name, type, type.substring(0, 3) + "-" + id().substring(0, 12));
        replaceEnv(envId, e -> {
            List<Secret> secrets = new ArrayList<>(e.secrets());
            secrets.add(s);
            return new Environment(e.id(), e.projectId(), e.name(), e.key(), e.description(), secrets, e.settings(), e.createdAt(), Instant.now());
        });
        return s;
    }

    @Override
    public synchronized void deleteSecret(String envId, String secretId) {
        authenticated();
        replaceEnv(envId, e -> new Environment(e.id(), e.projectId(), e.name(), e.key(), e.description(),
                e.secrets().stream().filter(s -> !s.id().equals(secretId)).toList(), e.settings(), e.createdAt(), Instant.now()));
    }

    // ---- flags ----

    private Map<String, FeatureFlag> envFlags(String envId) {
        authenticated();
        Map<String, FeatureFlag> m = flags.get(envId);
        if (m == null) throw new ApiException(404, List.of("ResourceNotFound"));
        return m;
    }

    @Override
    public synchronized PagedResult<FeatureFlagVm> flags(String envId, FlagFilter f) {
        List<FeatureFlag> all = envFlags(envId).values().stream()
                .filter(x -> x.isArchived() == f.isArchived())
                .filter(x -> f.name() == null || f.name().isBlank() || x.name().toLowerCase().contains(f.name().toLowerCase()) || x.key().toLowerCase().contains(f.name().toLowerCase()))
                .filter(x -> f.isEnabled() == null || x.isEnabled() == f.isEnabled())
                .filter(x -> f.tags() == null || x.tags().containsAll(f.tags()))
                .sorted(Comparator.comparing(FeatureFlag::createdAt).reversed())
                .toList();
        List<FeatureFlagVm> page = all.stream().skip((long) f.pageIndex() * f.pageSize()).limit(f.pageSize()).map(this::vm).toList();
        return new PagedResult<>(all.size(), page);
    }

    private FeatureFlagVm vm(FeatureFlag f) {
        String off = f.variations().stream().filter(v -> v.id().equals(f.disabledVariationId())).map(Variation::value).findFirst().orElse("");
        List<String> served = f.fallthrough().variations().stream()
                .flatMap(rv -> f.variations().stream().filter(v -> v.id().equals(rv.id())).map(Variation::value)).toList();
        return new FeatureFlagVm(f.id(), f.name(), f.description(), f.key(), f.isEnabled(), f.variationType(), f.variations(), f.createdAt(), f.updatedAt(),
                new UserRef(members.getFirst().id(), "tester", EMAIL), new Serves(served, off), f.tags(), null);
    }

    @Override
    public synchronized List<String> flagTags(String envId) {
        return envFlags(envId).values().stream().filter(f -> !f.isArchived()).flatMap(f -> f.tags().stream()).distinct().sorted().toList();
    }

    @Override
    public synchronized FeatureFlag flag(String envId, String key) {
        FeatureFlag f = envFlags(envId).get(key.toLowerCase());
        if (f == null) throw new ApiException(404, List.of("ResourceNotFound"));
        return f;
    }

    @Override public synchronized boolean isFlagKeyUsed(String envId, String key) { return envFlags(envId).containsKey(key.toLowerCase()); }

    @Override
    public synchronized FeatureFlag createFlag(String envId, CreateFlag c) {
        Map<String, FeatureFlag> m = envFlags(envId);
        List<String> errors = new ArrayList<>();
        if (c.name() == null || c.name().isBlank()) errors.add("name_is_required");
        if (c.key() == null || c.key().isBlank()) errors.add("key_is_required");
        else if (!c.key().matches("^[a-zA-Z0-9._-]+$")) errors.add("key_is_invalid");
        if (!errors.isEmpty()) throw new ApiException(400, errors);
        if (m.containsKey(c.key().toLowerCase())) throw new ApiException(422, List.of("KeyHasBeenUsed"));
        FeatureFlag f = new FeatureFlag(id(), envId, id(), c.name(), c.description(), c.key(), c.variationType(), c.variations(), List.of(), List.of(),
                c.isEnabled(), c.disabledVariationId(), new Fallthrough(null, true, List.of(new RolloutVariation(c.enabledVariationId(), List.of(0.0, 1.0), 1))),
                true, c.tags(), false, Instant.now(), Instant.now(), members.getFirst().id(), members.getFirst().id());
        m.put(f.key().toLowerCase(), f);
        log(envId, f.id(), "FeatureFlag", "Create", "", f, "");
        return f;
    }

    private void log(String envId, String refId, String refType, String op, Object before, Object after, String comment) {
        audit.addFirst(new AuditLog(id(), refId, refType, op, new DataChange(before instanceof String s ? s : JSON.writeValueAsString(before),
                JSON.writeValueAsString(after)), comment, members.getFirst().id(), "tester", EMAIL, Instant.now(), List.of(new Instruction(op, null))));
    }

    private FeatureFlag change(String envId, String key, java.util.function.UnaryOperator<FeatureFlag> change, String op) {
        FeatureFlag before = flag(envId, key);
        FeatureFlag after = change.apply(before);
        flags.get(envId).put(key.toLowerCase(), after);
        log(envId, after.id(), "FeatureFlag", op, before, after, "");
        return after;
    }

    private static FeatureFlag with(FeatureFlag f, Boolean enabled, Boolean archived, String name, String description, List<String> tags,
                                    String off, List<Variation> variations, FlagTargeting t) {
        return new FeatureFlag(f.id(), f.envId(), UUID.randomUUID().toString(), name == null ? f.name() : name, description == null ? f.description() : description,
                f.key(), f.variationType(), variations == null ? f.variations() : variations, t == null ? f.targetUsers() : t.targetUsers(),
                t == null ? f.rules() : t.rules(), enabled == null ? f.isEnabled() : enabled, off == null ? f.disabledVariationId() : off,
                t == null ? f.fallthrough() : t.fallthrough(), f.exptIncludeAllTargets(), tags == null ? f.tags() : tags,
                archived == null ? f.isArchived() : archived, f.createdAt(), Instant.now(), f.creatorId(), f.updatorId());
    }

    private void checkRevision(String envId, String key, String revision) {
        if (!flag(envId, key).revision().equals(revision)) throw new ApiException(409, List.of("Conflict"));
    }

    @Override public synchronized String toggleFlag(String envId, String key, boolean on) { return change(envId, key, f -> with(f, on, null, null, null, null, null, null, null), "Update").revision(); }
    @Override public synchronized void archiveFlag(String envId, String key) { change(envId, key, f -> with(f, false, true, null, null, null, null, null, null), "Archive"); }
    @Override public synchronized void restoreFlag(String envId, String key) { change(envId, key, f -> with(f, null, false, null, null, null, null, null, null), "Restore"); }

    @Override
    public synchronized void deleteFlag(String envId, String key) {
        if (!flag(envId, key).isArchived()) throw new ApiException(422, List.of("CannotDeleteUnarchivedFeatureFlag"));
        flags.get(envId).remove(key.toLowerCase());
    }

    @Override
    public synchronized String updateFlagName(String envId, String key, String name) {
        if (name.isBlank()) throw new ApiException(400, List.of("name_is_required"));
        return change(envId, key, f -> with(f, null, null, name, null, null, null, null, null), "Update").revision();
    }

    @Override public synchronized String updateFlagDescription(String envId, String key, String d) { return change(envId, key, f -> with(f, null, null, null, d, null, null, null, null), "Update").revision(); }
    @Override public synchronized void updateFlagTags(String envId, String key, List<String> tags) { change(envId, key, f -> with(f, null, null, null, null, tags, null, null, null), "Update"); }

    @Override
    public synchronized String updateOffVariation(String envId, String key, String revision, String off) {
        checkRevision(envId, key, revision);
        return change(envId, key, f -> with(f, null, null, null, null, null, off, null, null), "Update").revision();
    }

    @Override
    public synchronized String updateVariations(String envId, String key, String revision, List<Variation> variations) {
        checkRevision(envId, key, revision);
        return change(envId, key, f -> with(f, null, null, null, null, null, null, variations, null), "Update").revision();
    }

    @Override
    public synchronized String updateTargeting(String envId, String key, String revision, FlagTargeting targeting, String comment) {
        checkRevision(envId, key, revision);
        savedTargetings.add(targeting);
        return change(envId, key, f -> with(f, null, null, null, null, null, null, null, targeting), "Update").revision();
    }

    // ---- segments ----

    private Map<String, Segment> envSegments(String envId) {
        authenticated();
        Map<String, Segment> m = segments.get(envId);
        if (m == null) throw new ApiException(404, List.of("ResourceNotFound"));
        return m;
    }

    @Override
    public synchronized PagedResult<SegmentVm> segments(String envId, String name, boolean archived, int pageIndex, int pageSize) {
        List<SegmentVm> all = envSegments(envId).values().stream().filter(s -> s.isArchived() == archived)
                .filter(s -> name == null || s.name().toLowerCase().contains(name.toLowerCase()))
                .map(s -> new SegmentVm(s.id(), s.name(), s.key(), s.type(), s.scopes(), s.tags(), s.description(), s.createdAt(), s.updatedAt())).toList();
        return new PagedResult<>(all.size(), all.stream().skip((long) pageIndex * pageSize).limit(pageSize).toList());
    }

    @Override
    public synchronized Segment segment(String envId, String id) {
        Segment s = envSegments(envId).get(id);
        if (s == null) throw new ApiException(404, List.of("ResourceNotFound"));
        return s;
    }

    @Override
    public synchronized Segment createSegment(String envId, String name, String key, String description) {
        List<String> errors = new ArrayList<>();
        if (name.isBlank()) errors.add("name_is_required");
        if (key.isBlank()) errors.add("key_is_required");
        if (!errors.isEmpty()) throw new ApiException(400, errors);
        if (envSegments(envId).values().stream().anyMatch(s -> s.key().equalsIgnoreCase(key))) throw new ApiException(422, List.of("KeyHasBeenUsed"));
        Segment s = new Segment(id(), workspace.id(), envId, name, key, "environment-specific", List.of(), description, List.of(), List.of(), List.of(),
                List.of(), false, true, Instant.now(), Instant.now());
        envSegments(envId).put(s.id(), s);
        return s;
    }

    private void changeSegment(String envId, String id, java.util.function.UnaryOperator<Segment> change) {
        Segment s = segment(envId, id);
        envSegments(envId).put(id, change.apply(s));
    }

    private static Segment seg(Segment s, String name, String description, List<String> inc, List<String> exc, List<MatchRule> rules, Boolean archived) {
        return new Segment(s.id(), s.workspaceId(), s.envId(), name == null ? s.name() : name, s.key(), s.type(), s.scopes(),
                description == null ? s.description() : description, inc == null ? s.included() : inc, exc == null ? s.excluded() : exc,
                rules == null ? s.rules() : rules, s.tags(), archived == null ? s.isArchived() : archived, true, s.createdAt(), Instant.now());
    }

    @Override
    public synchronized void updateSegmentName(String envId, String id, String name) {
        if (name.isBlank()) throw new ApiException(400, List.of("name_is_required"));
        changeSegment(envId, id, s -> seg(s, name, null, null, null, null, null));
    }

    @Override public synchronized void updateSegmentDescription(String envId, String id, String d) { changeSegment(envId, id, s -> seg(s, null, d, null, null, null, null)); }

    @Override
    public synchronized void updateSegmentTargeting(String envId, String id, List<String> inc, List<String> exc, List<MatchRule> rules, String comment) {
        changeSegment(envId, id, s -> seg(s, null, null, inc, exc, rules, null));
    }

    @Override
    public synchronized void archiveSegment(String envId, String id) {
        if (!segmentFlagReferences(envId, id).isEmpty()) throw new ApiException(422, List.of("SegmentIsBeingUsed"));
        changeSegment(envId, id, s -> seg(s, null, null, null, null, null, true));
    }

    @Override public synchronized void restoreSegment(String envId, String id) { changeSegment(envId, id, s -> seg(s, null, null, null, null, null, false)); }

    @Override
    public synchronized void deleteSegment(String envId, String id) {
        if (!segment(envId, id).isArchived()) throw new ApiException(422, List.of("CannotDeleteUnArchivedSegment"));
        envSegments(envId).remove(id);
    }

    @Override
    public synchronized List<FlagReference> segmentFlagReferences(String envId, String id) {
        return envFlags(envId).values().stream().filter(f -> f.rules().stream().flatMap(r -> r.conditions().stream())
                .anyMatch(c -> c.property().contains("segment") && c.value().contains(id))).map(f -> new FlagReference(envId, f.id(), f.name(), f.key())).toList();
    }

    // ---- end users ----

    private List<EndUser> envUsers(String envId) {
        authenticated();
        List<EndUser> l = endUsers.get(envId);
        if (l == null) throw new ApiException(404, List.of("ResourceNotFound"));
        return l;
    }

    @Override
    public synchronized CursorPage<EndUser> endUsers(String envId, String searchText, PageCursor cursor, int pageSize) {
        List<EndUser> all = envUsers(envId).stream().filter(u -> searchText == null || searchText.isBlank()
                || u.keyId().contains(searchText) || (u.name() != null && u.name().contains(searchText))).toList();
        int start = cursor == null ? 0 : Integer.parseInt(cursor.id());
        List<EndUser> page = all.stream().skip(start).limit(pageSize).toList();
        PageCursor next = start + pageSize < all.size() ? new PageCursor(String.valueOf(start + pageSize), "", "forward") : null;
        PageCursor prev = start > 0 ? new PageCursor(String.valueOf(Math.max(0, start - pageSize)), "", "backward") : null;
        return new CursorPage<>(page, prev, next);
    }

    @Override
    public synchronized List<EndUser> searchEndUsers(String envId, String searchText, List<String> excludedKeyIds, int limit) {
        String q = searchText == null ? "" : searchText.toLowerCase(java.util.Locale.ROOT);
        return envUsers(envId).stream().filter(u -> !excludedKeyIds.contains(u.keyId()))
                .filter(u -> u.keyId().toLowerCase(java.util.Locale.ROOT).contains(q) || (u.name() != null && u.name().toLowerCase(java.util.Locale.ROOT).contains(q)))
                .limit(Math.max(5, Math.min(50, limit))).toList();
    }

    // ---- insights: evaluations recorded by tests and the demo, aggregated like the Data Analytics Service ----

    public record Evaluation(String envId, String flagKey, String variationId, String keyId, String name, Instant at) {}
    private final List<Evaluation> evaluations = new ArrayList<>();

    public synchronized void recordEvaluation(Evaluation e) {
        evaluations.add(e);
    }

    private String variationName(String envId, String flagKey, String variationId) {
        FeatureFlag f = envFlags(envId).get(flagKey);
        return f == null ? variationId : f.variations().stream().filter(v -> v.id().equals(variationId)).map(Variation::name).findFirst().orElse(variationId);
    }

    @Override
    public synchronized List<FlagInsight> flagInsights(String envId, InsightQuery q) {
        FeatureFlag f = envFlags(envId).get(q.flagKey());
        if (f == null) throw new ApiException(404, List.of("ResourceNotFound"));
        java.time.temporal.ChronoUnit unit = switch (q.intervalType()) {
            case "MINUTE" -> java.time.temporal.ChronoUnit.MINUTES;
            case "HOUR" -> java.time.temporal.ChronoUnit.HOURS;
            default -> java.time.temporal.ChronoUnit.DAYS;
        };
        java.util.TreeMap<Instant, Map<String, Long>> buckets = new java.util.TreeMap<>();
        for (Evaluation e : evaluations) {
            if (!e.envId().equals(envId) || !e.flagKey().equals(q.flagKey())) continue;
            long t = e.at().toEpochMilli();
            if (t < q.fromMs() || t > q.toMs()) continue;
            buckets.computeIfAbsent(e.at().truncatedTo(unit), k -> new LinkedHashMap<>()).merge(e.variationId(), 1L, Long::sum);
        }
        List<FlagInsight> out = new ArrayList<>();
        buckets.forEach((time, counts) -> out.add(new FlagInsight(time.toString(),
                f.variations().stream().map(v -> new FlagInsight.VariationCount(v.name(), counts.getOrDefault(v.id(), 0L))).toList())));
        return out;
    }

    @Override
    public synchronized PagedResult<FlagEndUser> flagEndUsers(String envId, InsightQuery q, String variationId, String search, int pageIndex, int pageSize) {
        Map<String, Evaluation> last = new LinkedHashMap<>();
        for (Evaluation e : evaluations) {
            if (!e.envId().equals(envId) || !e.flagKey().equals(q.flagKey())) continue;
            long t = e.at().toEpochMilli();
            if (t < q.fromMs() || t > q.toMs()) continue;
            if (variationId != null && !variationId.isEmpty() && !variationId.equals(e.variationId())) continue;
            if (search != null && !search.isBlank() && !e.keyId().contains(search) && !e.name().contains(search)) continue;
            last.merge(e.keyId(), e, (a, b) -> a.at().isAfter(b.at()) ? a : b);
        }
        List<FlagEndUser> all = last.values().stream().sorted(java.util.Comparator.comparing(Evaluation::at).reversed())
                .map(e -> new FlagEndUser(variationName(envId, e.flagKey(), e.variationId()), e.keyId(), e.name(), e.at())).toList();
        return new PagedResult<>(all.size(), all.stream().skip((long) pageIndex * pageSize).limit(pageSize).toList());
    }

    @Override
    public synchronized EndUser endUser(String envId, String id) {
        return envUsers(envId).stream().filter(u -> u.id().equals(id)).findFirst().orElseThrow(() -> new ApiException(404, List.of("ResourceNotFound")));
    }

    @Override
    public synchronized EndUser upsertEndUser(String envId, String keyId, String name, List<UserProperty> properties) {
        List<String> errors = new ArrayList<>();
        if (keyId.isBlank()) errors.add("keyId_is_required");
        if (name.isBlank()) errors.add("name_is_required");
        if (!errors.isEmpty()) throw new ApiException(400, errors);
        List<EndUser> users = envUsers(envId);
        users.removeIf(u -> u.keyId().equals(keyId));
        EndUser u = new EndUser(id(), null, envId, keyId, name, properties, Instant.now(), Instant.now());
        users.addFirst(u);
        return u;
    }

    @Override
    public synchronized PagedResult<EndUserFlag> endUserFlags(String envId, String id, int pageIndex, int pageSize) {
        List<EndUserFlag> all = envFlags(envId).values().stream().map(f -> {
            Variation v = f.variations().stream().filter(x -> x.id().equals(f.isEnabled() ? f.fallthrough().variations().getFirst().id() : f.disabledVariationId())).findFirst().orElse(f.variations().getFirst());
            return new EndUserFlag(f.name(), f.key(), f.variations(), f.variationType(), v.value(), f.isEnabled() ? "default" : "flag disabled");
        }).toList();
        return new PagedResult<>(all.size(), all);
    }

    @Override public synchronized List<EndUserSegment> endUserSegments(String envId, String id) { envUsers(envId); return List.of(); }

    @Override
    public synchronized void uploadEndUsers(String envId, byte[] json) {
        try {
            var root = JSON.readTree(json);
            for (var u : root.path("users")) {
                List<UserProperty> props = new ArrayList<>();
                for (var p : u.path("customizedProperties")) props.add(new UserProperty(p.path("name").asString(), p.path("value").asString()));
                upsertEndUser(envId, u.path("keyId").asString(), u.path("name").asString(u.path("keyId").asString()), props);
            }
        } catch (RuntimeException e) {
            if (e instanceof ApiException a) throw a;
            throw new ApiException(422, List.of("file_is_invalid"));
        }
    }

    @Override
    public synchronized List<EndUserProperty> endUserProperties(String envId) {
        envUsers(envId);
        return List.of(new EndUserProperty(id(), envId, "keyId", List.of(), false, true, true, "user identifier"),
                new EndUserProperty(id(), envId, "name", List.of(), false, true, false, ""),
                new EndUserProperty(id(), envId, "country", List.of(), false, false, false, ""));
    }

    // ---- IAM ----

    private static <T> PagedResult<T> page(List<T> all, int i, int n) {
        return new PagedResult<>(all.size(), all.stream().skip((long) i * n).limit(n).toList());
    }

    @Override public synchronized PagedResult<Member> members(String s, int i, int n) { authenticated(); return page(members.stream().filter(m -> s == null || m.email().contains(s) || m.name().contains(s)).toList(), i, n); }

    @Override
    public synchronized void addMember(String email, List<String> policyIds, List<String> groupIds) {
        authenticated();
        if (!email.contains("@")) throw new ApiException(400, List.of("email_is_invalid"));
        members.add(new Member(id(), email, email.substring(0, email.indexOf('@')), members.getFirst().id(), "init-pass-12", List.of()));
    }

    @Override public synchronized void removeMember(String memberId) { authenticated(); members.removeIf(m -> m.id().equals(memberId)); }
    @Override public synchronized PagedResult<Group> groups(String name, int i, int n) { authenticated(); return page(List.copyOf(groups), i, n); }
    @Override public synchronized Group group(String id) { authenticated(); return groups.stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow(() -> new ApiException(404, List.of("ResourceNotFound"))); }

    @Override
    public synchronized Group createGroup(String name, String d) {
        authenticated();
        if (name.isBlank()) throw new ApiException(400, List.of("name_is_required"));
        Group g = new Group(id(), name, d, Instant.now());
        groups.add(g);
        return g;
    }

    @Override
    public synchronized Group updateGroup(String id, String name, String d) {
        Group old = group(id);
        Group g = new Group(id, name, d, Instant.now());
        groups.set(groups.indexOf(old), g);
        return g;
    }

    @Override public synchronized void deleteGroup(String id) { authenticated(); groups.removeIf(g -> g.id().equals(id)); }

    private final Map<String, List<String>> groupMembers = new LinkedHashMap<>();
    private final Map<String, List<String>> groupPolicies = new LinkedHashMap<>();

    @Override
    public synchronized PagedResult<GroupMember> groupMembers(String groupId, boolean all) {
        List<String> in = groupMembers.getOrDefault(groupId, List.of());
        return page(members.stream().filter(m -> all || in.contains(m.id())).map(m -> new GroupMember(m.id(), m.name(), m.email(), in.contains(m.id()))).toList(), 0, 100);
    }

    @Override
    public synchronized void setGroupMember(String groupId, String memberId, boolean member) {
        List<String> in = groupMembers.computeIfAbsent(groupId, k -> new ArrayList<>());
        if (member && !in.contains(memberId)) in.add(memberId);
        if (!member) in.remove(memberId);
    }

    @Override
    public synchronized PagedResult<GroupPolicy> groupPolicies(String groupId, boolean all) {
        List<String> in = groupPolicies.getOrDefault(groupId, List.of());
        return page(policies.stream().filter(p -> all || in.contains(p.id())).map(p -> new GroupPolicy(p.id(), p.name(), p.type(), p.description(), in.contains(p.id()))).toList(), 0, 100);
    }

    @Override
    public synchronized void setGroupPolicy(String groupId, String policyId, boolean attached) {
        List<String> in = groupPolicies.computeIfAbsent(groupId, k -> new ArrayList<>());
        if (attached && !in.contains(policyId)) in.add(policyId);
        if (!attached) in.remove(policyId);
    }

    @Override public synchronized PagedResult<Policy> policies(String name, int i, int n) { authenticated(); return page(List.copyOf(policies), i, n); }
    @Override public synchronized Policy policy(String id) { authenticated(); return policies.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> new ApiException(404, List.of("ResourceNotFound"))); }

    @Override
    public synchronized Policy createPolicy(String name, String key, String description) {
        authenticated();
        List<String> errors = new ArrayList<>();
        if (name.isBlank()) errors.add("name_is_required");
        if (key.isBlank()) errors.add("key_is_required");
        if (!errors.isEmpty()) throw new ApiException(400, errors);
        Policy p = new Policy(id(), name, key, "CustomerManaged", description, List.of(), Instant.now());
        policies.add(p);
        return p;
    }

    @Override
    public synchronized Policy updatePolicyStatements(String id, List<PolicyStatement> statements) {
        Policy old = policy(id);
        if (old.type().equals("SysManaged")) throw new ApiException(422, List.of("CannotModifySysManagedPolicy"));
        Policy p = new Policy(old.id(), old.name(), old.key(), old.type(), old.description(), statements, Instant.now());
        policies.set(policies.indexOf(old), p);
        return p;
    }

    @Override public synchronized void deletePolicy(String id) { authenticated(); policies.removeIf(p -> p.id().equals(id)); }

    // ---- access tokens ----

    @Override public synchronized PagedResult<AccessToken> accessTokens(String name, int i, int n) { authenticated(); return page(List.copyOf(tokens), i, n); }

    @Override
    public synchronized AccessToken createAccessToken(String name, String type, List<PolicyStatement> permissions) {
        authenticated();
        if (name.isBlank()) throw new ApiException(400, List.of("name_is_required"));
        if (tokens.stream().anyMatch(t -> t.name().equalsIgnoreCase(name))) throw new ApiException(422, List.of("NameHasBeenUsed"));
        String raw = "api-" + id().replace("-", "");
        AccessToken t = new AccessToken(id(), name, type, "Active", raw, permissions, null, new UserRef(members.getFirst().id(), "tester", EMAIL));
        tokens.add(new AccessToken(t.id(), name, type, "Active", raw.substring(0, 10) + "**********", permissions, null, t.creator()));
        return t;
    }

    @Override
    public synchronized void toggleAccessToken(String id) {
        authenticated();
        tokens.replaceAll(t -> t.id().equals(id) ? new AccessToken(t.id(), t.name(), t.type(), t.status().equals("Active") ? "Inactive" : "Active", t.token(), t.permissions(), t.lastUsedAt(), t.creator()) : t);
    }

    @Override public synchronized void deleteAccessToken(String id) { authenticated(); tokens.removeIf(t -> t.id().equals(id)); }

    // ---- audit ----

    @Override
    public synchronized PagedResult<AuditLog> auditLogs(String envId, AuditFilter f) {
        authenticated();
        List<AuditLog> all = audit.stream().filter(a -> f.refId() == null || f.refId().equals(a.refId()))
                .filter(a -> f.refType() == null || f.refType().isBlank() || f.refType().equals(a.refType())).toList();
        return page(all, f.pageIndex(), f.pageSize());
    }
}
