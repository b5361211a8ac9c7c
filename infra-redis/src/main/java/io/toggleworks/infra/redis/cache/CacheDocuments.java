package io.toggleworks.infra.redis.cache;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.Segment;
import tools.jackson.databind.node.ObjectNode;

import java.util.UUID;

/**
 * The cached JSON documents, exactly as FeatBit's API writes them: a flag is its full camelCase document (the
 * {@code featbit-feature-flag-change} payload); a segment is its environment-specific form, with {@code "envId":""}
 * when shared (FeatBit's ELS fills in the environment it serves by replacing that exact text).
 */
final class CacheDocuments {
    private CacheDocuments() {
    }

    static String flag(FeatureFlag flag) {
        return Json.write(flag);
    }

    static String segment(Segment segment, boolean shared) {
        if (!shared) {
            return Json.write(segment);
        }
        ObjectNode node = Json.mapper().valueToTree(segment);
        node.put("envId", ""); // keeps its place, second, as in FeatBit's document
        return Json.write(node);
    }

    static FeatureFlag readFlag(String json) {
        return Json.read(json, FeatureFlag.class);
    }

    /** A cached segment as served to {@code envId} (shared segments carry no environment of their own). */
    static Segment readSegment(String json, UUID envId) {
        ObjectNode node = (ObjectNode) Json.tree(json);
        node.put("envId", envId.toString());
        return Json.mapper().treeToValue(node, Segment.class);
    }

    /** The marker of an environment-specific segment of {@code envId} in its cached value. */
    static String ownedBy(UUID envId) {
        return "\"envId\":\"" + envId + "\"";
    }

    static long score(java.time.Instant updatedAt) {
        return updatedAt == null ? 0L : updatedAt.toEpochMilli();
    }
}
