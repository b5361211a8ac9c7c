package io.toggleworks.api.db;

import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Small helpers for the Mongo stores: FeatBit's documents (camelCase fields, {@code _id}, GUIDs as binary subtype 4,
 * BSON dates of milliseconds). Reads are lenient as FeatBit's: a missing field reads as empty, not as an error.
 */
public final class MongoFields {
    private MongoFields() {
    }

    public static UUID uuid(Document d, String field) {
        Object v = d.get(field);
        if (v instanceof UUID u) {
            return u;
        }
        if (v instanceof String s && !s.isBlank()) {
            return UUID.fromString(s);
        }
        return null;
    }

    public static Instant instant(Document d, String field) {
        Object v = d.get(field);
        return v instanceof Date date ? date.toInstant() : null;
    }

    public static Optional<Instant> optionalInstant(Document d, String field) {
        return Optional.ofNullable(instant(d, field));
    }

    /** The text, or "" when absent or null (as {@link Rows#string}). */
    public static String string(Document d, String field) {
        Object v = d.get(field);
        return v == null ? "" : v.toString();
    }

    public static boolean bool(Document d, String field) {
        return Boolean.TRUE.equals(d.get(field));
    }

    public static Date date(Instant instant) {
        return Date.from(instant);
    }

    public static Date now() {
        return new Date();
    }

    /** Exactly {@code text}, ignoring case: SQL's {@code lower(x) = lower(:text)}, as an escaped, anchored regex. */
    public static Bson equalsIgnoreCase(String field, String text) {
        return Filters.regex(field, "^" + Pattern.quote(text) + "$", "i");
    }

    /** {@code text} anywhere, ignoring case: SQL's {@code ilike '%text%'}, as an escaped regex. */
    public static Bson containsIgnoreCase(String field, String text) {
        return Filters.regex(field, Pattern.quote(text), "i");
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Document d, String field) {
        Object v = d.get(field);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
