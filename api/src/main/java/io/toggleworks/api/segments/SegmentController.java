package io.toggleworks.api.segments;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.toggleworks.api.auditlog.AuditLogStore.Operation;
import io.toggleworks.api.auditlog.Instruction;
import io.toggleworks.api.auditlog.Instructions;
import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.flags.JsonPatch;
import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.security.OpenApi;
import io.toggleworks.api.tenancy.EnvScope;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.api.web.Validation;
import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.MatchRule;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Segments of an environment, environment-specific and shared (api.md §4.5.2). A segment id that is not visible
 * in the route's environment answers 404 (FeatBit does not check that).
 */
@RestController
@RequestMapping("/api/v1/envs/{envId}/segments")
public class SegmentController {
    private static final int MAX_KEYS = 10_000;

    private final Guard guard;
    private final SegmentStore segments;
    private final SegmentScopes scopes;
    private final SegmentService service;
    private final FlagStore flags;

    public SegmentController(Guard guard, SegmentStore segments, SegmentScopes scopes, SegmentService service, FlagStore flags) {
        this.guard = guard;
        this.segments = segments;
        this.scopes = scopes;
        this.service = service;
        this.flags = flags;
    }

    public record CreateSegment(String type, String name, String key, String description, List<String> scopes) {
    }

    public record CommentBody(String comment) {
    }

    public record NameBody(String name, String comment) {
    }

    public record DescriptionBody(String description, String comment) {
    }

    public record TagsBody(List<String> tags, String comment) {
    }

    public record TargetingBody(List<String> included, List<String> excluded, List<MatchRule> rules, String comment) {
    }

    public record SegmentVm(UUID id, String name, String key, String type, List<String> scopes, List<String> tags,
                            String description, Instant createdAt, Instant updatedAt,
                            @JsonProperty("isArchived") boolean isArchived) {
        static SegmentVm of(SegmentEntity s) {
            return new SegmentVm(s.id(), s.name(), s.key(), s.type(), s.scopes(), s.tags(), s.description(), s.createdAt(),
                    s.updatedAt(), s.isArchived());
        }
    }

    public record FlagReference(UUID envId, UUID id, String name, String key) {
    }

    @OpenApi
    @GetMapping
    public ApiResponse<PagedResult<SegmentVm>> list(Caller caller, @PathVariable UUID envId,
                                                    @RequestParam(required = false) String name,
                                                    @RequestParam(required = false) Boolean isArchived,
                                                    @RequestParam(required = false) Integer pageIndex,
                                                    @RequestParam(required = false) Integer pageSize) {
        EnvScope env = guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        Paging paging = Paging.of(pageIndex, pageSize);
        String rn = scopes.rn(env);
        List<SegmentVm> visible = segments.candidates(env.workspaceId(), envId, name, Boolean.TRUE.equals(isArchived)).stream()
                .filter(s -> SegmentScopes.visibleIn(s, envId, rn))
                .map(SegmentVm::of).toList();
        return ApiResponse.ok(PagedResult.page(visible, paging));
    }

    @OpenApi
    @GetMapping("/{segmentId}")
    public ApiResponse<SegmentEntity> get(Caller caller, @PathVariable UUID envId, @PathVariable UUID segmentId) {
        EnvScope env = guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        return ApiResponse.ok(load(env, segmentId).listedIn(envId));
    }

    @OpenApi
    @GetMapping("/by-ids")
    public ApiResponse<List<SegmentEntity>> byIds(Caller caller, @PathVariable UUID envId,
                                                  @RequestParam(required = false) List<UUID> ids) {
        EnvScope env = guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        if (ids == null || ids.isEmpty()) {
            return ApiResponse.ok(List.of());
        }
        String rn = scopes.rn(env);
        return ApiResponse.ok(ids.stream().distinct().limit(1000)
                .map(segments::find).flatMap(java.util.Optional::stream)
                .filter(s -> s.workspaceId().equals(env.workspaceId()) && SegmentScopes.visibleIn(s, envId, rn))
                .map(s -> s.listedIn(envId)).toList());
    }

    @GetMapping("/is-key-used")
    public ApiResponse<Boolean> isKeyUsed(Caller caller, @PathVariable UUID envId, @RequestParam String key,
                                          @RequestParam(required = false) String type) {
        EnvScope env = guard.env(caller, envId);
        return ApiResponse.ok(segments.keyUsed(env.workspaceId(), envId, key, SegmentEntity.SHARED.equals(type)));
    }

    @OpenApi
    @GetMapping("/all-tags")
    public ApiResponse<List<String>> allTags(Caller caller, @PathVariable UUID envId) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        return ApiResponse.ok(segments.allTags(envId));
    }

    @OpenApi
    @PostMapping
    public ApiResponse<SegmentEntity> create(Caller caller, @PathVariable UUID envId, @RequestBody CreateSegment body) {
        EnvScope env = guard.env(caller, envId, Permission.CREATE_SEGMENT);
        String type = body.type() == null || body.type().isBlank() ? SegmentEntity.ENVIRONMENT_SPECIFIC : body.type();
        boolean shared = SegmentEntity.SHARED.equals(type);
        String rn = scopes.rn(env);
        String orgScope = rn.substring(0, rn.indexOf(":project/"));
        Validation v = Validation.of()
                .required("name", body.name()).maxLength("name", body.name(), 128)
                .key("key", body.key())
                .maxLength("description", body.description(), 512)
                .that(shared || SegmentEntity.ENVIRONMENT_SPECIFIC.equals(type), ErrorCodes.invalid("type"));
        if (shared) {
            List<String> s = body.scopes();
            // Concrete scopes of this organization only, and the creating environment must stay covered.
            v.that(s != null && !s.isEmpty() && s.size() <= 100 && s.stream().allMatch(x -> x != null && !x.contains("*")
                            && (x.equals(orgScope) || x.startsWith(orgScope + ":")))
                            && s.stream().anyMatch(x -> SegmentScopes.inScope(rn, x)),
                    ErrorCodes.invalid("scopes"));
        }
        v.check();
        if (segments.keyUsed(env.workspaceId(), envId, body.key(), shared)) {
            throw ApiException.rule(ErrorCodes.KEY_HAS_BEEN_USED);
        }
        Instant now = io.toggleworks.api.flags.Flags.now();
        SegmentEntity s = new SegmentEntity(UUID.randomUUID(), env.workspaceId(), envId, body.name().trim(), body.key(), type,
                shared ? body.scopes().stream().distinct().toList() : List.of(rn),
                body.description() == null ? "" : body.description(), List.of(), List.of(), List.of(), List.of(), false, now, now);
        return ApiResponse.ok(service.create(envId, s, caller.id()));
    }

    @OpenApi
    @PutMapping("/{segmentId}/name")
    public ApiResponse<Boolean> name(Caller caller, @PathVariable UUID envId, @PathVariable UUID segmentId, @RequestBody NameBody body) {
        EnvScope env = guard.env(caller, envId);
        SegmentEntity s = load(env, segmentId);
        guard.require(caller, Permission.UPDATE_SEGMENT_NAME, env.segmentRn(s.key(), s.tags()));
        Validation.of().required("name", body.name()).maxLength("name", body.name(), 128).check();
        service.update(envId, s, s.with(body.name().trim(), s.description(), s.tags(), s.included(), s.excluded(), s.rules(),
                s.isArchived(), s.updatedAt()), Operation.Update, body.comment(), caller.id(), false);
        return ApiResponse.ok(true);
    }

    @OpenApi
    @PutMapping("/{segmentId}/description")
    public ApiResponse<Boolean> description(Caller caller, @PathVariable UUID envId, @PathVariable UUID segmentId,
                                            @RequestBody DescriptionBody body) {
        EnvScope env = guard.env(caller, envId);
        SegmentEntity s = load(env, segmentId);
        guard.require(caller, Permission.UPDATE_SEGMENT_DESCRIPTION, env.segmentRn(s.key(), s.tags()));
        Validation.of().maxLength("description", body.description(), 512).check();
        service.update(envId, s, s.with(s.name(), body.description() == null ? "" : body.description(), s.tags(), s.included(),
                s.excluded(), s.rules(), s.isArchived(), s.updatedAt()), Operation.Update, body.comment(), caller.id(), false);
        return ApiResponse.ok(true);
    }

    @OpenApi
    @PutMapping("/{segmentId}/tags")
    public ApiResponse<Boolean> tags(Caller caller, @PathVariable UUID envId, @PathVariable UUID segmentId, @RequestBody TagsBody body) {
        EnvScope env = guard.env(caller, envId);
        SegmentEntity s = load(env, segmentId);
        guard.require(caller, Permission.UPDATE_SEGMENT_TAGS, env.segmentRn(s.key(), s.tags()));
        List<String> tags = body.tags() == null ? List.of() : body.tags();
        Validation.of().that(tags.size() <= 100 && tags.stream().allMatch(t -> t != null && !t.isBlank() && t.length() <= 128),
                ErrorCodes.invalid("tags")).check();
        service.update(envId, s, s.with(s.name(), s.description(), tags.stream().distinct().toList(), s.included(), s.excluded(),
                s.rules(), s.isArchived(), s.updatedAt()), Operation.Update, body.comment(), caller.id(), false);
        return ApiResponse.ok(true);
    }

    @OpenApi
    @PutMapping("/{segmentId}/targeting")
    public ApiResponse<Boolean> targeting(Caller caller, @PathVariable UUID envId, @PathVariable UUID segmentId,
                                          @RequestBody TargetingBody body) {
        EnvScope env = guard.env(caller, envId);
        SegmentEntity s = load(env, segmentId);
        List<String> included = body.included() == null ? List.of() : body.included();
        List<String> excluded = body.excluded() == null ? List.of() : body.excluded();
        List<MatchRule> rules = body.rules() == null ? List.of() : body.rules();
        validateTargeting(included, excluded, rules);
        SegmentEntity after = s.with(s.name(), s.description(), s.tags(), included.stream().distinct().toList(),
                excluded.stream().distinct().toList(), rules, s.isArchived(), s.updatedAt());
        requireFineGrained(caller, env, s, after);
        service.update(envId, s, after, Operation.Update, body.comment(), caller.id(), true);
        return ApiResponse.ok(true);
    }

    /** RFC 6902 patch of the segment document; validated and permission-checked like the targeted endpoints. */
    @OpenApi
    @PatchMapping("/{segmentId}")
    public ApiResponse<Boolean> patch(Caller caller, @PathVariable UUID envId, @PathVariable UUID segmentId,
                                      @RequestBody JsonNode patch) {
        EnvScope env = guard.env(caller, envId);
        SegmentEntity s = load(env, segmentId);
        JsonNode patched;
        SegmentEntity after;
        try {
            patched = JsonPatch.apply(patch, Json.tree(Json.write(s)));
            after = Json.mapper().treeToValue(patched, SegmentEntity.class);
        } catch (JsonPatch.PatchException e) {
            return new ApiResponse<>(false, List.of(e.getMessage()), false);
        } catch (RuntimeException e) {
            return new ApiResponse<>(false, List.of("The patched segment is not a valid segment document."), false);
        }
        Validation.of()
                .that(s.id().equals(after.id()), ErrorCodes.invalid("id"))
                .that(s.workspaceId().equals(after.workspaceId()) && s.envId().equals(after.envId()), ErrorCodes.invalid("envId"))
                .that(s.key().equals(after.key()), ErrorCodes.invalid("key"))
                .that(s.type().equals(after.type()) && s.scopes().equals(after.scopes()), ErrorCodes.invalid("scopes"))
                .required("name", after.name()).maxLength("name", after.name(), 128)
                .maxLength("description", after.description(), 512)
                .check();
        validateTargeting(after.included(), after.excluded(), after.rules());
        SegmentEntity edited = s.with(after.name().trim(), after.description(), after.tags(), after.included(), after.excluded(),
                after.rules(), after.isArchived(), s.updatedAt());
        List<Instruction> changes = Instructions.segment(Json.tree(Json.write(s)), Json.tree(Json.write(edited)));
        for (Instruction i : changes) {
            guard.require(caller, permissionOf(i.kind()), env.segmentRn(s.key(), s.tags()));
        }
        if (edited.isArchived() && !s.isArchived()) {
            requireUnused(s);
        }
        boolean targeting = false;
        for (JsonNode op : patch) {
            String path = op.path("path").asString("");
            targeting |= path.startsWith("/included") || path.startsWith("/excluded") || path.startsWith("/rules");
        }
        service.update(envId, s, edited, Operation.Update, "Updated via patch", caller.id(), targeting);
        return ApiResponse.ok(true);
    }

    @OpenApi
    @PutMapping("/{segmentId}/archive")
    public ApiResponse<Boolean> archive(Caller caller, @PathVariable UUID envId, @PathVariable UUID segmentId,
                                        @RequestBody(required = false) CommentBody body) {
        EnvScope env = guard.env(caller, envId);
        SegmentEntity s = load(env, segmentId);
        guard.require(caller, Permission.ARCHIVE_SEGMENT, env.segmentRn(s.key(), s.tags()));
        if (!s.isArchived()) {
            requireUnused(s);
            service.update(envId, s, s.with(s.name(), s.description(), s.tags(), s.included(), s.excluded(), s.rules(), true,
                    s.updatedAt()), Operation.Archive, comment(body), caller.id(), false);
        }
        return ApiResponse.ok(true);
    }

    @OpenApi
    @PutMapping("/{segmentId}/restore")
    public ApiResponse<Boolean> restore(Caller caller, @PathVariable UUID envId, @PathVariable UUID segmentId,
                                        @RequestBody(required = false) CommentBody body) {
        EnvScope env = guard.env(caller, envId);
        SegmentEntity s = load(env, segmentId);
        guard.require(caller, Permission.RESTORE_SEGMENT, env.segmentRn(s.key(), s.tags()));
        if (s.isArchived()) {
            service.update(envId, s, s.with(s.name(), s.description(), s.tags(), s.included(), s.excluded(), s.rules(), false,
                    s.updatedAt()), Operation.Restore, comment(body), caller.id(), false);
        }
        return ApiResponse.ok(true);
    }

    @OpenApi
    @DeleteMapping("/{segmentId}")
    public ApiResponse<Boolean> delete(Caller caller, @PathVariable UUID envId, @PathVariable UUID segmentId,
                                       @RequestBody(required = false) CommentBody body) {
        EnvScope env = guard.env(caller, envId);
        SegmentEntity s = load(env, segmentId);
        guard.require(caller, Permission.DELETE_SEGMENT, env.segmentRn(s.key(), s.tags()));
        if (!s.isArchived()) {
            throw ApiException.rule(ErrorCodes.CANNOT_DELETE_UNARCHIVED_SEGMENT);
        }
        service.delete(envId, s, comment(body), caller.id());
        return ApiResponse.ok(true);
    }

    @OpenApi
    @GetMapping("/{segmentId}/flag-references")
    public ApiResponse<List<FlagReference>> flagReferences(Caller caller, @PathVariable UUID envId, @PathVariable UUID segmentId) {
        EnvScope env = guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        SegmentEntity s = load(env, segmentId);
        return ApiResponse.ok(flags.referencingSegment(scopes.envIds(s), s.id()).stream()
                .map(f -> new FlagReference(f.envId(), f.id(), f.name(), f.key())).toList());
    }

    /** The segment, if it is visible in the route's environment; else 404 (no cross-tenant or cross-env ids). */
    SegmentEntity load(EnvScope env, UUID segmentId) {
        SegmentEntity s = segments.find(segmentId).orElseThrow(ApiException::notFound);
        if (!s.workspaceId().equals(env.workspaceId()) || !SegmentScopes.visibleIn(s, env.envId(), scopes.rn(env))) {
            throw ApiException.notFound();
        }
        return s;
    }

    private void requireUnused(SegmentEntity s) {
        List<FeatureFlag> using = flags.referencingSegment(scopes.envIds(s), s.id());
        if (!using.isEmpty()) {
            throw ApiException.rule(ErrorCodes.SEGMENT_IS_BEING_USED);
        }
    }

    private void requireFineGrained(Caller caller, EnvScope env, SegmentEntity before, SegmentEntity after) {
        for (Instruction i : Instructions.segment(Json.tree(Json.write(before)), Json.tree(Json.write(after)))) {
            guard.require(caller, permissionOf(i.kind()), env.segmentRn(before.key(), before.tags()));
        }
    }

    static Permission permissionOf(String kind) {
        if (Instructions.SEGMENT_TARGET_USER_KINDS.contains(kind)) {
            return Permission.UPDATE_SEGMENT_TARGETING_USERS;
        }
        return switch (kind) {
            case "Archive" -> Permission.ARCHIVE_SEGMENT;
            case "Restore" -> Permission.RESTORE_SEGMENT;
            case "UpdateName" -> Permission.UPDATE_SEGMENT_NAME;
            case "UpdateDescription" -> Permission.UPDATE_SEGMENT_DESCRIPTION;
            case "AddTags", "RemoveTags" -> Permission.UPDATE_SEGMENT_TAGS;
            default -> Permission.UPDATE_SEGMENT_RULES;
        };
    }

    private static void validateTargeting(List<String> included, List<String> excluded, List<MatchRule> rules) {
        Validation v = Validation.of()
                .that(keys(included), ErrorCodes.invalid("included"))
                .that(keys(excluded), ErrorCodes.invalid("excluded"));
        boolean ok = rules.size() <= 1000;
        Set<String> ids = new HashSet<>();
        for (MatchRule r : rules) {
            if (r == null || r.id() == null || r.id().isBlank() || !ids.add(r.id())
                    || (r.name() != null && r.name().length() > 128)) {
                ok = false;
                continue;
            }
            Set<String> conditionIds = new HashSet<>();
            for (Condition c : r.conditions()) {
                // Segment conditions are not allowed inside segment rules (api.md §3.7).
                if (c == null || c.id() == null || c.id().isBlank() || !conditionIds.add(c.id()) || c.property() == null
                        || c.property().isBlank() || c.value() == null || c.isSegmentCondition()) {
                    ok = false;
                }
            }
        }
        v.that(ok, ErrorCodes.invalid("rules")).check();
    }

    private static boolean keys(List<String> keys) {
        return keys != null && keys.size() <= MAX_KEYS && keys.stream().allMatch(k -> k != null && !k.isBlank() && k.length() <= 512);
    }

    private static String comment(CommentBody body) {
        return body == null || body.comment() == null ? "" : body.comment();
    }
}
