package io.toggleworks.api.iam;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * Reading and writing FeatBit's MongoDB documents for the IAM, access token and audit log stores: GUIDs are
 * {@link UUID}s (the client writes them as binary subtype 4), times BSON dates, embedded classes keep their
 * {@code Id} as {@code _id}. Missing or null elements read as the Postgres stores read SQL nulls.
 */
public final class MongoDocs {
    private MongoDocs() {
    }

    /** Case-insensitive "contains" with the user's text taken literally (ILIKE '%text%'). */
    public static Pattern contains(String text) {
        return Pattern.compile(Pattern.quote(text), Pattern.CASE_INSENSITIVE);
    }

    /** Case-insensitive equality (lower(a) = lower(b)). */
    public static Pattern equalsIgnoreCase(String text) {
        return Pattern.compile("^" + Pattern.quote(text) + "$", Pattern.CASE_INSENSITIVE);
    }

    public static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    public static Instant instant(Document d, String field) {
        Object v = d.get(field);
        if (v instanceof Date date) {
            return date.toInstant();
        }
        if (v instanceof String s && !s.isBlank()) {
            return Instant.parse(s);
        }
        return null;
    }

    public static Optional<Instant> optionalInstant(Document d, String field) {
        return Optional.ofNullable(instant(d, field));
    }

    public static UUID uuid(Document d, String field) {
        return uuid(d.get(field));
    }

    public static UUID uuid(Object v) {
        if (v instanceof UUID u) {
            return u;
        }
        if (v instanceof String s) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException notAGuid) {
                return null;
            }
        }
        return null;
    }

    /** The element as text, {@code ""} when missing (as {@code Rows.string}). */
    public static String string(Document d, String field) {
        Object v = d.get(field);
        return v == null ? "" : v.toString();
    }

    /** The element as text, or null when missing. */
    public static String nullableString(Document d, String field) {
        Object v = d.get(field);
        return v == null ? null : v.toString();
    }

    /** Policy statements as FeatBit embeds them: {@code {_id, resourceType, effect, actions, resources}}. */
    public static List<Document> statementDocuments(List<PolicyStatement> statements) {
        List<Document> out = new ArrayList<>(statements.size());
        for (PolicyStatement s : statements) {
            out.add(new Document("_id", s.id()).append("resourceType", s.resourceType()).append("effect", s.effect())
                    .append("actions", new ArrayList<>(s.actions())).append("resources", new ArrayList<>(s.resources())));
        }
        return out;
    }

    public static List<PolicyStatement> statements(Document d, String field) {
        Object v = d.get(field);
        if (!(v instanceof List<?> list)) {
            return List.of();
        }
        List<PolicyStatement> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (o instanceof Document s) {
                Object id = s.containsKey("_id") ? s.get("_id") : s.get("id");
                out.add(new PolicyStatement(id == null ? null : id.toString(), nullableString(s, "resourceType"),
                        nullableString(s, "effect"), strings(s.get("actions")), strings(s.get("resources"))));
            }
        }
        return out;
    }

    private static List<String> strings(Object v) {
        if (!(v instanceof List<?> list)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(list.size());
        list.forEach(x -> out.add(x == null ? null : x.toString()));
        return out;
    }
}
