package io.toggleworks.api.endusers;

import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.segments.SegmentEntity;
import io.toggleworks.api.segments.SegmentScopes;
import io.toggleworks.api.segments.SegmentStore;
import io.toggleworks.api.tenancy.EnvScope;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.api.web.Validation;
import io.toggleworks.core.enduser.CustomizedProperty;
import io.toggleworks.core.evaluation.EvaluationResult;
import io.toggleworks.core.evaluation.Evaluator;
import io.toggleworks.core.evaluation.SegmentLookup;
import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Fallthrough;
import io.toggleworks.core.flag.RolloutVariation;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.Segment;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * End users of an environment (api.md §4.5.3). FeatBit checks only authentication here; we require the
 * environment to belong to the caller's organization and {@code CanAccessEnv}, and ids of another environment 404.
 */
@RestController
@RequestMapping("/api/v1/envs/{envId}/end-users")
public class EndUserController {
    static final int LIMIT = 50_000;

    private final Guard guard;
    private final EndUserStore users;
    private final EndUserPropertyStore properties;
    private final FlagStore flags;
    private final SegmentStore segments;
    private final SegmentScopes scopes;
    private final TransactionTemplate tx;
    private final Evaluator evaluator = new Evaluator();

    public EndUserController(Guard guard, EndUserStore users, EndUserPropertyStore properties, FlagStore flags,
                             SegmentStore segments, SegmentScopes scopes, TransactionTemplate tx) {
        this.guard = guard;
        this.users = users;
        this.properties = properties;
        this.flags = flags;
        this.segments = segments;
        this.scopes = scopes;
        this.tx = tx;
    }

    public record SearchRequest(String searchText, List<String> excludedKeyIds, Boolean globalUserOnly, Integer limit) {
    }

    public record ListRequest(String searchText, EndUserStore.Cursor cursor, Integer pageSize) {
    }

    public record UpsertRequest(String keyId, String name, List<CustomizedProperty> customizedProperties) {
    }

    public record DownloadRequest(String searchText) {
    }

    public record Download(List<EndUserRecord> users, List<String> userProperties) {
    }

    public record FlagOfUser(String name, String key, List<Variation> variations, String variationType, String matchVariation,
                             String matchReason) {
    }

    public record SegmentOfUser(UUID id, String name, String type, Instant updatedAt) {
    }

    public record RejectedRow(int row, String keyId, String reason) {
    }

    public record ImportResult(int acceptedCount, int rejectedCount, List<RejectedRow> rejected) {
    }

    @GetMapping("/{id}")
    public ApiResponse<EndUserRecord> get(Caller caller, @PathVariable UUID envId, @PathVariable UUID id) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        return ApiResponse.ok(users.find(envId, id).orElseThrow(ApiException::notFound));
    }

    @PostMapping("/search")
    public ApiResponse<List<EndUserRecord>> search(Caller caller, @PathVariable UUID envId, @RequestBody SearchRequest body) {
        EnvScope env = guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        int limit = Math.max(5, Math.min(50, body.limit() == null ? 10 : body.limit()));
        List<String> excluded = body.excludedKeyIds() == null ? List.of()
                : body.excludedKeyIds().stream().filter(k -> k != null).limit(10_000).toList();
        return ApiResponse.ok(users.search(envId, env.workspaceId(), body.searchText(), excluded,
                Boolean.TRUE.equals(body.globalUserOnly()), limit));
    }

    @PostMapping("/list")
    public ApiResponse<EndUserStore.CursorPage> list(Caller caller, @PathVariable UUID envId, @RequestBody ListRequest body) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        int pageSize = body.pageSize() == null ? 10 : body.pageSize();
        Validation.of().that(pageSize >= 1 && pageSize <= 1000, ErrorCodes.invalid("pageSize"))
                .that(body.cursor() == null || body.cursor().direction() == null
                        || List.of("forward", "backward").contains(body.cursor().direction().toLowerCase(Locale.ROOT)),
                        ErrorCodes.invalid("cursor"))
                .check();
        return ApiResponse.ok(users.page(envId, body.searchText(), body.cursor(), pageSize));
    }

    @PutMapping
    public ApiResponse<EndUserRecord> upsert(Caller caller, @PathVariable UUID envId, @RequestBody UpsertRequest body) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        List<CustomizedProperty> props = body.customizedProperties() == null ? List.of() : body.customizedProperties();
        Validation.of()
                .required("keyId", body.keyId()).maxLength("keyId", body.keyId(), EndUserImporter.MAX_KEY)
                .required("name", body.name()).maxLength("name", body.name(), EndUserImporter.MAX_NAME)
                .that(props.size() <= 1000 && props.stream().allMatch(p -> p != null && p.name() != null && !p.name().isBlank()
                        && p.name().length() <= 128 && (p.value() == null || p.value().length() <= 10_000)),
                        ErrorCodes.invalid("customizedProperties"))
                .check();
        EndUserRecord saved = tx.execute(s -> {
            EndUserRecord u = users.upsert(envId, body.keyId(), body.name(), props);
            properties.addMissing(envId, props.stream().map(CustomizedProperty::name).toList());
            return u;
        });
        return ApiResponse.ok(saved);
    }

    @PostMapping("/by-keyIds")
    public ApiResponse<List<EndUserRecord>> byKeyIds(Caller caller, @PathVariable UUID envId, @RequestBody List<String> keyIds) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        Validation.of().that(keyIds != null && keyIds.size() <= 10_000, ErrorCodes.invalid("keyIds")).check();
        return ApiResponse.ok(users.byKeyIds(envId, keyIds.stream().filter(k -> k != null).toList()));
    }

    /** Live evaluation of the environment's flags for this user, with core's evaluator (the ELS's semantics). */
    @GetMapping("/{id}/flags")
    public ApiResponse<PagedResult<FlagOfUser>> flagsOfUser(Caller caller, @PathVariable UUID envId, @PathVariable UUID id,
                                                            @RequestParam(required = false) String name,
                                                            @RequestParam(required = false) List<String> tags,
                                                            @RequestParam(required = false) Boolean isEnabled,
                                                            @RequestParam(required = false) Boolean isArchived,
                                                            @RequestParam(required = false) String sortBy,
                                                            @RequestParam(required = false) Integer pageIndex,
                                                            @RequestParam(required = false) Integer pageSize) {
        EnvScope env = guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        Paging paging = Paging.of(pageIndex, pageSize);
        EndUserRecord user = users.find(envId, id).orElseThrow(ApiException::notFound);
        PagedResult<FeatureFlag> page = flags.list(envId, new FlagStore.Filter(name, tags == null ? List.of() : tags, isEnabled,
                Boolean.TRUE.equals(isArchived), sortBy), paging);
        SegmentLookup lookup = segmentLookup(env);
        return ApiResponse.ok(new PagedResult<>(page.totalCount(), page.items().stream().map(f -> {
            EvaluationResult r = evaluator.evaluate(f, user.toUser(), lookup);
            return new FlagOfUser(f.name(), f.key(), f.variations(), f.variationType(),
                    r.variation().map(Variation::value).orElse(""), r.matchReason());
        }).toList()));
    }

    /** The segments of the environment this user is in, evaluated like a segment condition of a flag. */
    @GetMapping("/{id}/segments")
    public ApiResponse<List<SegmentOfUser>> segmentsOfUser(Caller caller, @PathVariable UUID envId, @PathVariable UUID id) {
        EnvScope env = guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        EndUserRecord user = users.find(envId, id).orElseThrow(ApiException::notFound);
        List<SegmentEntity> visible = visibleSegments(env);
        SegmentLookup lookup = segmentLookup(env);
        Variation in = new Variation("in", "in", "true");
        Variation out = new Variation("out", "out", "false");
        return ApiResponse.ok(visible.stream().filter(s -> !s.isArchived()).filter(s -> {
            FeatureFlag probe = new FeatureFlag(UUID.randomUUID(), envId, null, "probe", "", "segment-probe", "boolean",
                    List.of(in, out), List.of(), List.of(new TargetRule("r", "in segment", null, false,
                    List.of(new Condition("c", Condition.IS_IN_SEGMENT, null, Json.write(List.of(s.id().toString())))),
                    List.of(new RolloutVariation("in", new double[] {0, 1}, 1)))), true, "out",
                    new Fallthrough(null, false, List.of(new RolloutVariation("out", new double[] {0, 1}, 1))), false, List.of(),
                    false, Instant.EPOCH, Instant.EPOCH, null, null);
            return evaluator.evaluate(probe, user.toUser(), lookup).variation().map(v -> v.id().equals("in")).orElse(false);
        }).map(s -> new SegmentOfUser(s.id(), s.name(), s.type(), s.updatedAt())).toList());
    }

    /** FeatBit's upload: a JSON file {@code {users, userProperties}}; answers {@code true}. See {@link #importFile}. */
    @PostMapping("/upload")
    public ApiResponse<Boolean> upload(Caller caller, @PathVariable UUID envId, @RequestPart("file") MultipartFile file) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        store(envId, parse(file, false));
        return ApiResponse.ok(true);
    }

    /**
     * Import from CSV or JSON (chosen by file name or content type) with a report: how many rows were accepted and,
     * per rejected row, why. Accepted rows are written in one transaction (on PostgreSQL; see {@link #store}).
     */
    @PostMapping("/import")
    public ApiResponse<ImportResult> importFile(Caller caller, @PathVariable UUID envId, @RequestPart("file") MultipartFile file) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        String filename = file.getOriginalFilename() == null ? "" : file.getOriginalFilename().toLowerCase(Locale.ROOT);
        String type = file.getContentType() == null ? "" : file.getContentType().toLowerCase(Locale.ROOT);
        boolean csv = filename.endsWith(".csv") || type.contains("csv");
        EndUserImporter.Parsed parsed = parse(file, csv);
        store(envId, parsed);
        return ApiResponse.ok(new ImportResult(parsed.accepted().size(), parsed.rejected().size(),
                parsed.rejected().stream().map(r -> new RejectedRow(r.row(), r.keyId(), r.reason())).toList()));
    }

    @PostMapping("/download")
    public ApiResponse<Download> download(Caller caller, @PathVariable UUID envId, @RequestBody(required = false) DownloadRequest body) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        String text = body == null ? null : body.searchText();
        if (users.count(envId, text) > LIMIT) {
            throw ApiException.rule(ErrorCodes.END_USER_LIMIT_EXCEEDED);
        }
        return ApiResponse.ok(new Download(users.all(envId, text, LIMIT), properties.names(envId)));
    }

    private EndUserImporter.Parsed parse(MultipartFile file, boolean csv) {
        if (file == null || file.isEmpty()) {
            throw ApiException.rule(ErrorCodes.invalid("file"));
        }
        try {
            EndUserImporter.Parsed parsed = EndUserImporter.parse(new String(file.getBytes(), StandardCharsets.UTF_8), csv);
            if (parsed.accepted().size() + parsed.rejected().size() > LIMIT) {
                throw ApiException.rule(ErrorCodes.END_USER_LIMIT_EXCEEDED);
            }
            return parsed;
        } catch (EndUserImporter.InvalidFile | IOException e) {
            throw ApiException.rule(ErrorCodes.invalid("file"));
        }
    }

    /**
     * Users first, then the property names. Both steps are idempotent upserts, so on MongoDB (no multi-document
     * transaction) importing the same file again completes an import that failed half way.
     */
    private void store(UUID envId, EndUserImporter.Parsed parsed) {
        tx.executeWithoutResult(s -> {
            for (EndUserImporter.Candidate c : parsed.accepted()) {
                users.upsert(envId, c.keyId(), c.name(), c.properties());
            }
            properties.addMissing(envId, List.copyOf(parsed.propertyNames()));
        });
    }

    private List<SegmentEntity> visibleSegments(EnvScope env) {
        String rn = scopes.rn(env);
        return segments.candidates(env.workspaceId(), env.envId(), null, null).stream()
                .filter(s -> SegmentScopes.visibleIn(s, env.envId(), rn)).toList();
    }

    private SegmentLookup segmentLookup(EnvScope env) {
        Map<String, Segment> byId = new HashMap<>();
        for (SegmentEntity s : visibleSegments(env)) {
            byId.put(s.id().toString(), s.toWire(env.envId()));
        }
        return segmentId -> Optional.ofNullable(byId.get(segmentId));
    }
}
