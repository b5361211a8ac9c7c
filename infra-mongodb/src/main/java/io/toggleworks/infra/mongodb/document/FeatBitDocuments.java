package io.toggleworks.infra.mongodb.document;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.Segment;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import tools.jackson.core.type.TypeReference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * FeatBit's MongoDB document shape (infrastructure-and-analytics.md §4.2) to and from our records. FeatBit's C# driver
 * maps every class's {@code Id} property to {@code _id}, embedded classes included (variations, rules, conditions,
 * secrets: {@code {_id: "v1", ...}}); names are camelCase; GUIDs are binary subtype 4; times are BSON dates
 * (milliseconds). Unknown elements are ignored on read, as FeatBit does.
 */
public final class FeatBitDocuments {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    /** Top-level elements that are GUIDs in FeatBit's entities. */
    private static final Set<String> GUID_FIELDS = Set.of("_id", "envId", "workspaceId", "projectId", "organizationId",
            "revision", "creatorId", "updatorId");
    private static final Set<String> DATE_FIELDS = Set.of("createdAt", "updatedAt");
    /** Embedded elements that are C# doubles (rollout ranges). */
    private static final Set<String> DOUBLE_FIELDS = Set.of("rollout", "exptRollout");

    private FeatBitDocuments() {
    }

    public static FeatureFlag flag(Document doc) {
        return Json.mapper().convertValue(plain(doc), FeatureFlag.class);
    }

    public static Segment segment(Document doc) {
        return Json.mapper().convertValue(plain(doc), Segment.class);
    }

    /** A {@code FeatureFlags} document as FeatBit writes it. */
    public static Document flagDocument(FeatureFlag flag) {
        return document(flag);
    }

    /**
     * A {@code Segments} document: the segment plus what only the stored form has (owning workspace, type
     * {@code environment-specific}/{@code shared}, and scopes).
     */
    public static Document segmentDocument(Segment segment, UUID workspaceId, String type, List<String> scopes) {
        Document d = document(segment);
        d.put("workspaceId", workspaceId);
        d.put("type", type);
        d.put("scopes", new ArrayList<>(scopes));
        return d;
    }

    /** Any record or map in FeatBit's shape: ids renamed to {@code _id}, top-level GUIDs and audit times typed. */
    public static Document document(Object value) {
        Map<String, Object> json = Json.mapper().convertValue(value, MAP);
        Document d = new Document();
        json.forEach((k, v) -> {
            String name = "id".equals(k) ? "_id" : k;
            d.put(name, topLevel(name, v));
        });
        return d;
    }

    private static Object topLevel(String name, Object v) {
        if (v instanceof String s && GUID_FIELDS.contains(name)) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException notAGuid) {
                return s;
            }
        }
        if (v instanceof String s && DATE_FIELDS.contains(name)) {
            return Date.from(Instant.parse(s));
        }
        return nested(v);
    }

    /** The platform's JSON writes whole doubles as integers (as .NET does); FeatBit's documents hold BSON doubles. */
    private static Object doubles(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(doubles(x)));
            return out;
        }
        return v;
    }

    private static Object nested(Object v) {
        if (v instanceof Map<?, ?> m) {
            Document d = new Document();
            m.forEach((k, x) -> d.put("id".equals(k) ? "_id" : String.valueOf(k),
                    DOUBLE_FIELDS.contains(k) ? doubles(x) : nested(x)));
            return d;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(nested(x)));
            return out;
        }
        return v;
    }

    /**
     * The document as plain JSON-able values for the platform's JSON mapper: {@code _id} back to {@code id} at every
     * level, GUIDs as text, dates as ISO-8601 instants.
     */
    public static Map<String, Object> plain(Document doc) {
        Map<String, Object> out = new LinkedHashMap<>();
        doc.forEach((k, v) -> out.put("_id".equals(k) ? "id" : k, plainValue(v)));
        return out;
    }

    private static Object plainValue(Object v) {
        if (v instanceof Document d) {
            return plain(d);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put("_id".equals(k) ? "id" : String.valueOf(k), plainValue(x)));
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(x -> out.add(plainValue(x)));
            return out;
        }
        if (v instanceof UUID u) {
            return u.toString();
        }
        if (v instanceof Date date) {
            return date.toInstant().toString();
        }
        if (v instanceof ObjectId id) {
            return id.toHexString();
        }
        if (v instanceof Decimal128 dec) {
            return dec.bigDecimalValue();
        }
        if (v instanceof Binary b) {
            // Only GUIDs are binary in FeatBit's documents; anything else is not something we read.
            return null;
        }
        return v;
    }
}
