package io.toggleworks.api.flags;

import com.mongodb.client.model.Filters;
import org.bson.conversions.Bson;

import java.util.Comparator;
import java.util.UUID;

/** What the flag and segment Mongo stores share: literal case-insensitive matches and PostgreSQL's uuid order. */
public final class MongoQueries {
    /** Characters with a meaning in PCRE (MongoDB) or java.util.regex (the test server); escaped, they match as is. */
    private static final String SPECIAL = "\\^$.|?*+()[]{}-/#&~<>=!:,'\"@%`";

    /**
     * PostgreSQL orders uuids by their 16 bytes, unsigned, as MongoDB orders binary GUIDs; {@link UUID#compareTo}
     * compares signed longs, which differs when the top bit is set.
     */
    public static final Comparator<UUID> UUID_ORDER = Comparator
            .comparing((UUID u) -> u.getMostSignificantBits(), Long::compareUnsigned)
            .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

    private MongoQueries() {
    }

    /** {@code field} contains {@code text}, any case (PostgreSQL's {@code ilike '%text%'}). */
    public static Bson contains(String field, String text) {
        return Filters.regex(field, literal(text), "i");
    }

    /** {@code field} equals {@code text}, any case (PostgreSQL's {@code lower(field) = lower(text)}). */
    public static Bson equalsIgnoreCase(String field, String text) {
        return Filters.regex(field, "^" + literal(text) + "$", "i");
    }

    static String literal(String text) {
        StringBuilder b = new StringBuilder(text.length() * 2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (SPECIAL.indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
