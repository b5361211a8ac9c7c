package io.toggleworks.api.flags;

import io.toggleworks.core.flag.Condition;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.flag.Fallthrough;
import io.toggleworks.core.flag.TargetRule;
import io.toggleworks.core.flag.TargetUser;
import io.toggleworks.core.flag.Variation;
import io.toggleworks.core.json.Json;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Small pure functions over flags: copies with changes, segment references, the JSON document. */
public final class Flags {
    private Flags() {
    }

    /**
     * Now, at the precision every main database keeps (BSON dates hold milliseconds, PostgreSQL microseconds), so a
     * stored flag or segment reads back equal to the one published.
     */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A mutable copy to edit a flag field by field; {@link #build()} returns a new immutable flag. */
    public static final class Edit {
        public UUID id;
        public UUID envId;
        public UUID revision;
        public String name;
        public String description;
        public String key;
        public String variationType;
        public List<Variation> variations;
        public List<TargetUser> targetUsers;
        public List<TargetRule> rules;
        public boolean isEnabled;
        public String disabledVariationId;
        public Fallthrough fallthrough;
        public boolean exptIncludeAllTargets;
        public List<String> tags;
        public boolean isArchived;
        public Instant createdAt;
        public Instant updatedAt;
        public UUID creatorId;
        public UUID updatorId;

        public Edit(FeatureFlag f) {
            id = f.id();
            envId = f.envId();
            revision = f.revision();
            name = f.name();
            description = f.description();
            key = f.key();
            variationType = f.variationType();
            variations = f.variations();
            targetUsers = f.targetUsers();
            rules = f.rules();
            isEnabled = f.isEnabled();
            disabledVariationId = f.disabledVariationId();
            fallthrough = f.fallthrough();
            exptIncludeAllTargets = f.exptIncludeAllTargets();
            tags = f.tags();
            isArchived = f.isArchived();
            createdAt = f.createdAt();
            updatedAt = f.updatedAt();
            creatorId = f.creatorId();
            updatorId = f.updatorId();
        }

        public FeatureFlag build() {
            return new FeatureFlag(id, envId, revision, name, description, key, variationType, variations, targetUsers,
                    rules, isEnabled, disabledVariationId, fallthrough, exptIncludeAllTargets, tags, isArchived,
                    createdAt, updatedAt, creatorId, updatorId);
        }
    }

    /** True when a rule condition of the flag names the segment. */
    public static boolean referencesSegment(FeatureFlag flag, UUID segmentId) {
        return segmentIds(flag).contains(segmentId.toString());
    }

    /** The segment ids named by the flag's segment conditions. */
    public static Set<String> segmentIds(FeatureFlag flag) {
        Set<String> ids = new LinkedHashSet<>();
        for (TargetRule rule : flag.rules()) {
            for (Condition c : rule.conditions()) {
                if (c.isSegmentCondition()) {
                    ids.addAll(jsonStrings(c.value()));
                }
            }
        }
        return ids;
    }

    /** The strings of a JSON array text; empty when it is not one. */
    public static List<String> jsonStrings(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        try {
            JsonNode n = Json.tree(value);
            if (n.isArray()) {
                n.forEach(e -> out.add(e.asString("")));
            }
        } catch (RuntimeException e) {
            // not a list value
        }
        return out;
    }

    /** The flag as FeatBit's JSON document (also what the ELS receives), for responses. */
    public static JsonNode document(FeatureFlag flag) {
        return Json.tree(Json.write(flag));
    }
}
