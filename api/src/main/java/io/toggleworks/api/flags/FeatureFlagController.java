package io.toggleworks.api.flags;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.toggleworks.api.auditlog.AuditLogStore;
import io.toggleworks.api.auditlog.AuditLogStore.Operation;
import io.toggleworks.api.auditlog.Instruction;
import io.toggleworks.api.auditlog.Instructions;
import io.toggleworks.api.endusers.EndUserPropertyStore;
import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.security.OpenApi;
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
import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Fallthrough;
import io.toggleworks.core.flag.RolloutVariation;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.TargetUser;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Feature flags of an environment (api.md §4.5.1, the [CORE] part). */
@RestController
@RequestMapping("/api/v1/envs/{envId}/feature-flags")
public class FeatureFlagController {
    private final Guard guard;
    private final FlagStore flags;
    private final FlagService service;
    private final AuditLogStore audit;
    private final SegmentStore segments;
    private final SegmentScopes scopes;
    private final EndUserPropertyStore properties;
    private final CreatorStore creatorNames;
    private final TransactionTemplate tx;

    public FeatureFlagController(Guard guard, FlagStore flags, FlagService service, AuditLogStore audit, SegmentStore segments,
                                 SegmentScopes scopes, EndUserPropertyStore properties, CreatorStore creatorNames,
                                 TransactionTemplate tx) {
        this.guard = guard;
        this.flags = flags;
        this.service = service;
        this.audit = audit;
        this.segments = segments;
        this.scopes = scopes;
        this.properties = properties;
        this.creatorNames = creatorNames;
        this.tx = tx;
    }

    // ---- request and response shapes (FeatBit's names) ----

    public record CreateFeatureFlag(String name, String key, @JsonProperty("isEnabled") Boolean isEnabled, String description,
                                    String variationType, List<Variation> variations, String enabledVariationId,
                                    String disabledVariationId, List<String> tags) {
    }

    public record CommentBody(String comment) {
    }

    public record NameBody(String name, String comment) {
    }

    public record DescriptionBody(String description, String comment) {
    }

    public record OffVariationBody(UUID revision, String offVariationId, String comment) {
    }

    public record VariationsBody(UUID revision, List<Variation> variations, String comment) {
    }

    public record Targeting(List<TargetUser> targetUsers, List<TargetRule> rules, Fallthrough fallthrough,
                            Boolean exptIncludeAllTargets) {
    }

    public record TargetingBody(UUID revision, Targeting targeting, String comment) {
    }

    public record TagsBody(List<String> tags, String comment) {
    }

    public record CloneBody(String name, String key, String description, List<String> tags) {
    }

    public record Creator(UUID id, String name, String email) {
    }

    public record Serves(List<String> enabledVariations, String disabledVariation) {
    }

    public record FeatureFlagVm(UUID id, String name, String description, String key, @JsonProperty("isEnabled") boolean isEnabled,
                                String variationType, List<Variation> variations, Instant createdAt, Instant updatedAt,
                                Creator creator, Serves serves, List<String> tags, AuditLogStore.LastChange lastChange) {
    }

    public record CopyToEnvPrecheckResult(UUID id, boolean keyCheck, boolean targetUserCheck, boolean targetRuleCheck,
                                          List<String> newProperties, boolean passed) {
    }

    public record CopyToEnvBody(List<CopyToEnvPrecheckResult> precheckResults, List<UUID> flagIds) {
    }

    public record CopyResult(int copiedCount) {
    }

    // ---- reads ----

    @OpenApi
    @GetMapping
    public ApiResponse<PagedResult<FeatureFlagVm>> list(Caller caller, @PathVariable UUID envId,
                                                        @RequestParam(required = false) String name,
                                                        @RequestParam(required = false) List<String> tags,
                                                        @RequestParam(required = false) Boolean isEnabled,
                                                        @RequestParam(required = false) Boolean isArchived,
                                                        @RequestParam(required = false) String sortBy,
                                                        @RequestParam(required = false) Integer pageIndex,
                                                        @RequestParam(required = false) Integer pageSize) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        Paging paging = Paging.of(pageIndex, pageSize);
        Validation.of().that(sortBy == null || sortBy.isBlank() || sortBy.equals("created_at") || sortBy.equals("key"),
                ErrorCodes.invalid("sortBy")).check();
        PagedResult<FeatureFlag> page = flags.list(envId, new FlagStore.Filter(name,
                tags == null ? List.of() : tags.stream().filter(t -> t != null && !t.isBlank()).toList(),
                isEnabled, Boolean.TRUE.equals(isArchived), sortBy), paging);
        Map<String, AuditLogStore.LastChange> last = audit.lastChanges(envId, page.items().stream().map(FeatureFlag::id).toList());
        Map<UUID, Creator> creators = creators(page.items().stream().map(FeatureFlag::creatorId).toList());
        return ApiResponse.ok(new PagedResult<>(page.totalCount(), page.items().stream().map(f -> new FeatureFlagVm(
                f.id(), f.name(), f.description(), f.key(), f.isEnabled(), f.variationType(), f.variations(), f.createdAt(),
                f.updatedAt(), creators.getOrDefault(f.creatorId(), new Creator(f.creatorId(), "Ghost", "Ghost")), serves(f),
                f.tags(), last.get(f.id().toString()))).toList()));
    }

    @OpenApi
    @GetMapping("/{key}")
    public ApiResponse<JsonNode> get(Caller caller, @PathVariable UUID envId, @PathVariable String key) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        return ApiResponse.ok(Flags.document(load(envId, key)));
    }

    @GetMapping("/is-key-used")
    public ApiResponse<Boolean> isKeyUsed(Caller caller, @PathVariable UUID envId, @RequestParam String key) {
        guard.env(caller, envId);
        return ApiResponse.ok(flags.keyUsed(envId, key));
    }

    @OpenApi
    @GetMapping("/all-tags")
    public ApiResponse<List<String>> allTags(Caller caller, @PathVariable UUID envId) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        return ApiResponse.ok(flags.allTags(envId));
    }

    /** Schedules and change requests are a later issue: nothing is ever pending yet. */
    @OpenApi
    @GetMapping("/{key}/pending-changes")
    public ApiResponse<List<Object>> pendingChanges(Caller caller, @PathVariable UUID envId, @PathVariable String key) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        load(envId, key);
        return ApiResponse.ok(List.of());
    }

    // ---- create ----

    @OpenApi
    @PostMapping
    public ApiResponse<JsonNode> create(Caller caller, @PathVariable UUID envId, @RequestBody CreateFeatureFlag body) {
        EnvScope env = guard.env(caller, envId, Permission.CREATE_FLAG);
        Validation v = Validation.of()
                .required("name", body.name()).maxLength("name", body.name(), FlagValidation.MAX_NAME)
                .key("key", body.key())
                .maxLength("description", body.description(), FlagValidation.MAX_DESCRIPTION)
                .required("variationType", body.variationType())
                .that(body.variationType() == null || FlagValidation.VARIATION_TYPES.contains(body.variationType()),
                        ErrorCodes.invalid("variationType"));
        FlagValidation.variations(v, body.variationType(), body.variations());
        FlagValidation.tags(v, body.tags());
        List<Variation> variations = body.variations() == null ? List.of() : body.variations();
        v.that(has(variations, body.enabledVariationId()), ErrorCodes.invalid("enabledVariationId"))
                .that(has(variations, body.disabledVariationId()), ErrorCodes.invalid("disabledVariationId"))
                .check();
        if (flags.keyUsed(envId, body.key())) {
            throw ApiException.rule(ErrorCodes.KEY_HAS_BEEN_USED);
        }
        Instant now = Flags.now();
        FeatureFlag flag = new FeatureFlag(UUID.randomUUID(), env.envId(), UUID.randomUUID(), body.name().trim(),
                body.description() == null ? "" : body.description(), body.key(), body.variationType(), variations, List.of(),
                List.of(), Boolean.TRUE.equals(body.isEnabled()), body.disabledVariationId(),
                new Fallthrough(null, true, List.of(new RolloutVariation(body.enabledVariationId(), new double[] {0, 1}, 1))),
                true, body.tags() == null ? List.of() : body.tags().stream().distinct().toList(), false, now, now,
                caller.id(), caller.id());
        return ApiResponse.ok(Flags.document(service.create(flag, "")));
    }

    @OpenApi
    @PostMapping("/clone/{key}")
    public ApiResponse<Boolean> cloneFlag(Caller caller, @PathVariable UUID envId, @PathVariable String key,
                                          @RequestBody CloneBody body) {
        EnvScope env = guard.env(caller, envId);
        FeatureFlag source = load(envId, key);
        guard.require(caller, Permission.CLONE_FLAG, env.flagRn(source.key(), source.tags()));
        Validation v = Validation.of().required("name", body.name()).maxLength("name", body.name(), FlagValidation.MAX_NAME)
                .key("key", body.key()).maxLength("description", body.description(), FlagValidation.MAX_DESCRIPTION);
        FlagValidation.tags(v, body.tags());
        v.check();
        if (flags.keyUsed(envId, body.key())) {
            throw ApiException.rule(ErrorCodes.KEY_HAS_BEEN_USED);
        }
        Flags.Edit e = new Flags.Edit(source);
        Instant now = Flags.now();
        e.id = UUID.randomUUID();
        e.revision = UUID.randomUUID();
        e.name = body.name().trim();
        e.key = body.key();
        e.description = body.description() == null ? "" : body.description();
        e.tags = body.tags() == null ? List.of() : body.tags().stream().distinct().toList();
        e.isArchived = false;
        e.createdAt = now;
        e.updatedAt = now;
        e.creatorId = caller.id();
        e.updatorId = caller.id();
        service.create(e.build(), "");
        return ApiResponse.ok(true);
    }

    // ---- lifecycle ----

    @OpenApi
    @PutMapping("/{key}/archive")
    public ApiResponse<Boolean> archive(Caller caller, @PathVariable UUID envId, @PathVariable String key,
                                        @RequestBody(required = false) CommentBody body) {
        FeatureFlag f = loadFor(caller, envId, key, Permission.ARCHIVE_FLAG);
        Flags.Edit e = new Flags.Edit(f);
        e.isArchived = true;
        service.update(f, e, Operation.Archive, comment(body), caller.id());
        return ApiResponse.ok(true);
    }

    @OpenApi
    @PutMapping("/{key}/restore")
    public ApiResponse<Boolean> restore(Caller caller, @PathVariable UUID envId, @PathVariable String key,
                                        @RequestBody(required = false) CommentBody body) {
        FeatureFlag f = loadFor(caller, envId, key, Permission.RESTORE_FLAG);
        Flags.Edit e = new Flags.Edit(f);
        e.isArchived = false;
        service.update(f, e, Operation.Restore, comment(body), caller.id());
        return ApiResponse.ok(true);
    }

    @OpenApi
    @DeleteMapping("/{key}")
    public ApiResponse<Boolean> delete(Caller caller, @PathVariable UUID envId, @PathVariable String key,
                                       @RequestBody(required = false) CommentBody body) {
        FeatureFlag f = loadFor(caller, envId, key, Permission.DELETE_FLAG);
        if (!f.isArchived()) {
            throw ApiException.rule(ErrorCodes.CANNOT_DELETE_UNARCHIVED_FEATURE_FLAG);
        }
        service.delete(f, comment(body), caller.id());
        return ApiResponse.ok(true);
    }

    @OpenApi
    @PutMapping("/{key}/toggle/{status}")
    public ApiResponse<UUID> toggle(Caller caller, @PathVariable UUID envId, @PathVariable String key,
                                    @PathVariable String status, @RequestBody(required = false) CommentBody body) {
        FeatureFlag f = loadFor(caller, envId, key, Permission.TOGGLE_FLAG);
        if (!status.equalsIgnoreCase("true") && !status.equalsIgnoreCase("false")) {
            throw ApiException.badRequest(ErrorCodes.invalid("status"));
        }
        Flags.Edit e = new Flags.Edit(f);
        e.isEnabled = Boolean.parseBoolean(status.toLowerCase());
        return ApiResponse.ok(service.update(f, e, Operation.Update, comment(body), caller.id()).revision());
    }

    // ---- settings ----

    @OpenApi
    @PutMapping("/{key}/name")
    public ApiResponse<UUID> name(Caller caller, @PathVariable UUID envId, @PathVariable String key, @RequestBody NameBody body) {
        FeatureFlag f = loadFor(caller, envId, key, Permission.UPDATE_FLAG_NAME);
        Validation.of().required("name", body.name()).maxLength("name", body.name(), FlagValidation.MAX_NAME).check();
        Flags.Edit e = new Flags.Edit(f);
        e.name = body.name().trim();
        return ApiResponse.ok(service.update(f, e, Operation.Update, body.comment(), caller.id()).revision());
    }

    @OpenApi
    @PutMapping("/{key}/description")
    public ApiResponse<UUID> description(Caller caller, @PathVariable UUID envId, @PathVariable String key,
                                         @RequestBody DescriptionBody body) {
        FeatureFlag f = loadFor(caller, envId, key, Permission.UPDATE_FLAG_DESCRIPTION);
        Validation.of().maxLength("description", body.description(), FlagValidation.MAX_DESCRIPTION).check();
        Flags.Edit e = new Flags.Edit(f);
        e.description = body.description() == null ? "" : body.description();
        return ApiResponse.ok(service.update(f, e, Operation.Update, body.comment(), caller.id()).revision());
    }

    @OpenApi
    @PutMapping("/{key}/tags")
    public ApiResponse<Boolean> tags(Caller caller, @PathVariable UUID envId, @PathVariable String key, @RequestBody TagsBody body) {
        FeatureFlag f = loadFor(caller, envId, key, Permission.UPDATE_FLAG_TAGS);
        Validation v = Validation.of();
        FlagValidation.tags(v, body.tags());
        v.check();
        Flags.Edit e = new Flags.Edit(f);
        e.tags = body.tags() == null ? List.of() : body.tags().stream().distinct().toList();
        service.update(f, e, Operation.Update, body.comment(), caller.id());
        return ApiResponse.ok(true);
    }

    @OpenApi
    @PutMapping("/{key}/off-variation")
    public ApiResponse<UUID> offVariation(Caller caller, @PathVariable UUID envId, @PathVariable String key,
                                          @RequestBody OffVariationBody body) {
        FeatureFlag f = loadFor(caller, envId, key, Permission.UPDATE_FLAG_OFF_VARIATION);
        Validation.of().required("revision", body.revision()).required("offVariationId", body.offVariationId())
                .that(body.offVariationId() == null || has(f.variations(), body.offVariationId()), ErrorCodes.invalid("offVariationId"))
                .check();
        requireRevision(f, body.revision());
        Flags.Edit e = new Flags.Edit(f);
        e.disabledVariationId = body.offVariationId();
        return ApiResponse.ok(service.update(f, e, Operation.Update, body.comment(), caller.id()).revision());
    }

    @OpenApi
    @PutMapping("/{key}/variations")
    public ApiResponse<UUID> variations(Caller caller, @PathVariable UUID envId, @PathVariable String key,
                                        @RequestBody VariationsBody body) {
        FeatureFlag f = loadFor(caller, envId, key, Permission.UPDATE_FLAG_VARIATIONS);
        Validation v = Validation.of().required("revision", body.revision());
        FlagValidation.variations(v, f.variationType(), body.variations());
        v.check();
        requireRevision(f, body.revision());
        Flags.Edit e = new Flags.Edit(f);
        e.variations = body.variations();
        FeatureFlag candidate = e.build();
        // A variation still served by the off switch, a target or a rollout cannot be removed.
        Validation check = Validation.of();
        FlagValidation.targeting(check, candidate);
        if (!isValid(check)) {
            throw ApiException.badRequest(ErrorCodes.invalid("variations"));
        }
        return ApiResponse.ok(service.update(f, e, Operation.Update, body.comment(), caller.id()).revision());
    }

    @OpenApi
    @PutMapping("/{key}/targeting")
    public ApiResponse<UUID> targeting(Caller caller, @PathVariable UUID envId, @PathVariable String key,
                                       @RequestBody TargetingBody body) {
        EnvScope env = guard.env(caller, envId);
        FeatureFlag f = load(envId, key);
        Validation.of().required("revision", body.revision()).required("targeting", body.targeting()).check();
        Targeting t = body.targeting();
        Validation.of()
                .that(t.targetUsers() == null || !t.targetUsers().contains(null), ErrorCodes.invalid("targetUsers"))
                .that(t.rules() == null || !t.rules().contains(null), ErrorCodes.invalid("rules"))
                .required("fallthrough", t.fallthrough())
                .check();
        Flags.Edit e = new Flags.Edit(f);
        e.targetUsers = t.targetUsers() == null ? List.of() : t.targetUsers();
        e.rules = t.rules() == null ? List.of() : t.rules();
        e.fallthrough = t.fallthrough();
        e.exptIncludeAllTargets = t.exptIncludeAllTargets() == null ? f.exptIncludeAllTargets() : t.exptIncludeAllTargets();
        FeatureFlag candidate = e.build();
        Validation v = Validation.of();
        FlagValidation.targeting(v, candidate);
        v.that(segmentsVisible(env, candidate), ErrorCodes.invalid("rules")).check();
        requireRevision(f, body.revision());
        requireFineGrained(caller, env, f, candidate);
        return ApiResponse.ok(service.update(f, e, Operation.Update, body.comment(), caller.id()).revision());
    }

    /**
     * RFC 6902 patch of the flag document (api.md §4.6). Unlike FeatBit, the result is validated like the targeted
     * endpoints and each change needs the permission of the endpoint that would make it (ADR 0060).
     */
    @OpenApi
    @PatchMapping("/{key}")
    public ApiResponse<Boolean> patch(Caller caller, @PathVariable UUID envId, @PathVariable String key,
                                      @RequestBody JsonNode patch) {
        EnvScope env = guard.env(caller, envId);
        FeatureFlag f = load(envId, key);
        FeatureFlag after;
        try {
            JsonNode patched = JsonPatch.apply(patch, Flags.document(f));
            after = Json.mapper().treeToValue(patched, FeatureFlag.class);
        } catch (JsonPatch.PatchException ex) {
            return new ApiResponse<>(false, List.of(ex.getMessage()), false);
        } catch (RuntimeException ex) {
            return new ApiResponse<>(false, List.of("The patched flag is not a valid feature flag document."), false);
        }
        Validation v = Validation.of()
                .that(f.id().equals(after.id()), ErrorCodes.invalid("id"))
                .that(f.envId().equals(after.envId()), ErrorCodes.invalid("envId"))
                .that(f.key().equals(after.key()), ErrorCodes.invalid("key"))
                .required("name", after.name()).maxLength("name", after.name(), FlagValidation.MAX_NAME)
                .maxLength("description", after.description(), FlagValidation.MAX_DESCRIPTION)
                .that(FlagValidation.VARIATION_TYPES.contains(after.variationType()), ErrorCodes.invalid("variationType"));
        FlagValidation.variations(v, after.variationType(), after.variations());
        FlagValidation.tags(v, after.tags());
        v.check();
        Validation t = Validation.of();
        FlagValidation.targeting(t, after);
        t.that(segmentsVisible(env, after), ErrorCodes.invalid("rules")).check();
        Flags.Edit e = new Flags.Edit(after);
        requireFineGrained(caller, env, f, e.build());
        service.update(f, e, Operation.Update, "", caller.id());
        return ApiResponse.ok(true);
    }

    // ---- copy to another environment ----

    @PostMapping("/copy-to-env-precheck/{targetEnvId}")
    public ApiResponse<List<CopyToEnvPrecheckResult>> copyPrecheck(Caller caller, @PathVariable UUID envId,
                                                                   @PathVariable UUID targetEnvId, @RequestBody List<UUID> flagIds) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        EnvScope target = guard.env(caller, targetEnvId, Permission.CREATE_FLAG);
        Validation.of().that(flagIds != null && flagIds.size() <= 1000, ErrorCodes.invalid("flagIds")).check();
        return ApiResponse.ok(precheck(envId, target, flagIds == null ? List.of() : flagIds));
    }

    @PostMapping("/copy-to-env/{targetEnvId}")
    public ApiResponse<CopyResult> copyToEnv(Caller caller, @PathVariable UUID envId, @PathVariable UUID targetEnvId,
                                             @RequestBody CopyToEnvBody body) {
        EnvScope source = guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        EnvScope target = guard.env(caller, targetEnvId, Permission.CREATE_FLAG);
        List<UUID> ids = body.flagIds() == null ? List.of() : body.flagIds();
        Validation.of().that(ids.size() <= 1000, ErrorCodes.invalid("flagIds")).check();
        if (targetEnvId.equals(envId)) {
            throw ApiException.badRequest(ErrorCodes.invalid("targetEnvId"));
        }
        // The precheck is recomputed here: a client-sent result is never trusted.
        Map<UUID, CopyToEnvPrecheckResult> checks = new HashMap<>();
        precheck(envId, target, ids).forEach(r -> checks.put(r.id(), r));
        Integer copied = tx.execute(status -> {
            int n = 0;
            Set<String> newProperties = new LinkedHashSet<>();
            for (FeatureFlag f : flags.findByIds(envId, ids)) {
                CopyToEnvPrecheckResult check = checks.get(f.id());
                if (check == null || !check.keyCheck()) {
                    continue;
                }
                Flags.Edit e = new Flags.Edit(f);
                Instant now = Flags.now();
                e.id = UUID.randomUUID();
                e.envId = targetEnvId;
                e.revision = UUID.randomUUID();
                e.targetUsers = List.of();
                e.rules = check.targetRuleCheck() ? f.rules() : List.of();
                e.isArchived = false;
                e.createdAt = now;
                e.updatedAt = now;
                e.creatorId = caller.id();
                e.updatorId = caller.id();
                FeatureFlag copy = e.build();
                flags.insert(copy);
                audit.insert(targetEnvId, copy.id().toString(), AuditLogStore.FEATURE_FLAG, FlagService.keyword(copy),
                        Operation.Create, new io.toggleworks.api.auditlog.DataChange("", Json.write(copy)),
                        "Copied from \"" + source.projectKey() + "/" + source.envKey() + "\"", caller.id());
                flags.insertRevision(copy, "");
                service.announce(copy);
                if (check.targetRuleCheck()) {
                    newProperties.addAll(check.newProperties());
                }
                n++;
            }
            properties.addMissing(targetEnvId, List.copyOf(newProperties));
            return n;
        });
        return ApiResponse.ok(new CopyResult(copied == null ? 0 : copied));
    }

    private List<CopyToEnvPrecheckResult> precheck(UUID envId, EnvScope target, List<UUID> ids) {
        Set<String> targetProperties = new LinkedHashSet<>(properties.names(target.envId()));
        String targetRn = scopes.rn(target);
        List<CopyToEnvPrecheckResult> out = new ArrayList<>();
        for (FeatureFlag f : flags.findByIds(envId, ids)) {
            boolean keyCheck = !flags.keyUsed(target.envId(), f.key());
            boolean targetUserCheck = f.targetUsers().stream().allMatch(t -> t.keyIds().isEmpty());
            boolean ruleCheck = true;
            for (String segmentId : Flags.segmentIds(f)) {
                Optional<SegmentEntity> s = parseUuid(segmentId).flatMap(segments::find);
                if (s.isEmpty() || s.get().isEnvironmentSpecific() || !SegmentScopes.visibleIn(s.get(), target.envId(), targetRn)) {
                    ruleCheck = false;
                }
            }
            Set<String> missing = new LinkedHashSet<>();
            for (TargetRule r : f.rules()) {
                for (Condition c : r.conditions()) {
                    if (!c.isSegmentCondition() && c.property() != null && !targetProperties.contains(c.property())) {
                        missing.add(c.property());
                    }
                }
            }
            out.add(new CopyToEnvPrecheckResult(f.id(), keyCheck, targetUserCheck, ruleCheck, List.copyOf(missing),
                    keyCheck && targetUserCheck && ruleCheck));
        }
        return out;
    }

    // ---- helpers ----

    private FeatureFlag load(UUID envId, String key) {
        return flags.find(envId, key).orElseThrow(ApiException::notFound);
    }

    /** The flag, after checking {@code permission} on its own RN (with its tags), as FeatBit does for key routes. */
    private FeatureFlag loadFor(Caller caller, UUID envId, String key, Permission permission) {
        EnvScope env = guard.env(caller, envId);
        FeatureFlag f = load(envId, key);
        guard.require(caller, permission, env.flagRn(f.key(), f.tags()));
        return f;
    }

    private static void requireRevision(FeatureFlag f, UUID revision) {
        if (!f.revision().equals(revision)) {
            throw ApiException.conflict();
        }
    }

    /** The instruction diff decides which targeting permissions the change needs (api.md §4.3 item 4). */
    private void requireFineGrained(Caller caller, EnvScope env, FeatureFlag before, FeatureFlag after) {
        String rn = env.flagRn(before.key(), before.tags());
        Set<Permission> needed = new LinkedHashSet<>();
        for (Instruction i : Instructions.flag(Flags.document(before), Flags.document(after))) {
            needed.add(permissionOf(i.kind()));
        }
        for (Permission p : needed) {
            guard.require(caller, p, rn);
        }
    }

    static Permission permissionOf(String kind) {
        if (Instructions.DEFAULT_RULE_KINDS.contains(kind)) {
            return Permission.UPDATE_FLAG_DEFAULT_RULE;
        }
        if (Instructions.TARGET_USER_KINDS.contains(kind)) {
            return Permission.UPDATE_FLAG_INDIVIDUAL_TARGETING;
        }
        if (Instructions.RULE_KINDS.contains(kind)) {
            return Permission.UPDATE_FLAG_TARGETING_RULES;
        }
        return switch (kind) {
            case "TurnFlagOn", "TurnFlagOff" -> Permission.TOGGLE_FLAG;
            case "ArchiveFlag" -> Permission.ARCHIVE_FLAG;
            case "RestoreFlag" -> Permission.RESTORE_FLAG;
            case "UpdateName" -> Permission.UPDATE_FLAG_NAME;
            case "UpdateDescription" -> Permission.UPDATE_FLAG_DESCRIPTION;
            case "AddTags", "RemoveTags" -> Permission.UPDATE_FLAG_TAGS;
            case "UpdateDisabledVariation" -> Permission.UPDATE_FLAG_OFF_VARIATION;
            default -> Permission.UPDATE_FLAG_VARIATIONS;
        };
    }

    /** Segment conditions may only name segments visible in this environment. */
    private boolean segmentsVisible(EnvScope env, FeatureFlag flag) {
        Set<String> ids = Flags.segmentIds(flag);
        if (ids.isEmpty()) {
            return true;
        }
        String rn = scopes.rn(env);
        for (String id : ids) {
            Optional<SegmentEntity> s = parseUuid(id).flatMap(segments::find);
            if (s.isEmpty() || !s.get().workspaceId().equals(env.workspaceId()) || !SegmentScopes.visibleIn(s.get(), env.envId(), rn)) {
                return false;
            }
        }
        return true;
    }

    private Map<UUID, Creator> creators(List<UUID> ids) {
        Map<UUID, Creator> out = new HashMap<>();
        creatorNames.creators(ids).forEach((id, c) -> out.put(id, new Creator(c.id(), c.name(), c.email())));
        return out;
    }

    /** FeatBit's "serves": values of variations actually reachable when on, and the off value. */
    static Serves serves(FeatureFlag f) {
        Set<String> ids = new LinkedHashSet<>();
        f.targetUsers().stream().filter(t -> !t.keyIds().isEmpty()).forEach(t -> ids.add(t.variationId()));
        f.rules().forEach(r -> r.variations().stream().filter(rv -> rv.upper() > rv.lower()).forEach(rv -> ids.add(rv.id())));
        if (f.fallthrough() != null) {
            f.fallthrough().variations().stream().filter(rv -> rv.upper() > rv.lower()).forEach(rv -> ids.add(rv.id()));
        }
        List<String> enabled = ids.stream().map(f::variation).flatMap(Optional::stream).map(Variation::value).toList();
        return new Serves(enabled, f.variation(f.disabledVariationId() == null ? "" : f.disabledVariationId())
                .map(Variation::value).orElse(""));
    }

    private static boolean has(List<Variation> variations, String id) {
        return id != null && variations != null && variations.stream().anyMatch(v -> v != null && id.equals(v.id()));
    }

    private static boolean isValid(Validation v) {
        try {
            v.check();
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    private static Optional<UUID> parseUuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String comment(CommentBody body) {
        return body == null || body.comment() == null ? "" : body.comment();
    }
}
