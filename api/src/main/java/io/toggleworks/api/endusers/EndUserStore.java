package io.toggleworks.api.endusers;

import io.toggleworks.core.enduser.CustomizedProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * End users (FeatBit's {@code EndUsers}: environment users and the workspace's global ones); one implementation per
 * {@code DbProvider} (ADR 0052). Lists are ordered by {@code (updatedAt desc, id desc)} on every implementation,
 * and text matches {@code keyId} or {@code name} anywhere, ignoring case.
 */
public interface EndUserStore {
    record Cursor(UUID id, Instant updatedAt, String direction) {
    }

    record CursorPage(List<EndUserRecord> items, Cursor previousCursor, Cursor nextCursor) {
    }

    Optional<EndUserRecord> find(UUID envId, UUID id);

    /** The environment's users with these keyIds, newest first. */
    List<EndUserRecord> byKeyIds(UUID envId, List<String> keyIds);

    /**
     * Inserts the user, or updates name and properties when they differ (FeatBit writes nothing for an unchanged
     * user); one user per (env, keyId) however many upserts race. Returns the stored user.
     */
    EndUserRecord upsert(UUID envId, String keyId, String name, List<CustomizedProperty> properties);

    /** Users whose keyId or name contains {@code text}, newest first; also the workspace's global users unless excluded. */
    List<EndUserRecord> search(UUID envId, UUID workspaceId, String text, List<String> excludedKeyIds, boolean globalOnly,
                               int limit);

    /** One page in (updatedAt DESC, id DESC) order; forward = rows strictly after the cursor. */
    CursorPage page(UUID envId, String text, Cursor cursor, int pageSize);

    long count(UUID envId, String text);

    List<EndUserRecord> all(UUID envId, String text, int limit);

    /**
     * The page of {@code fetched} (at most {@code pageSize + 1} users in the query's order: descending forward,
     * ascending backward) with its cursors; the same for every implementation.
     */
    static CursorPage pageOf(List<EndUserRecord> fetched, Cursor cursor, int pageSize) {
        boolean backward = isBackward(cursor);
        List<EndUserRecord> rows = new ArrayList<>(fetched);
        boolean more = rows.size() > pageSize;
        if (more) {
            rows.removeLast();
        }
        if (backward) {
            Collections.reverse(rows);
        }
        if (rows.isEmpty()) {
            return new CursorPage(List.of(), null, null);
        }
        EndUserRecord first = rows.getFirst();
        EndUserRecord last = rows.getLast();
        boolean hasNext = backward ? cursor != null : more;
        boolean hasPrevious = backward ? more : cursor != null && cursor.id() != null;
        return new CursorPage(rows,
                hasPrevious ? new Cursor(first.id(), first.updatedAt(), "backward") : null,
                hasNext ? new Cursor(last.id(), last.updatedAt(), "forward") : null);
    }

    static boolean isBackward(Cursor cursor) {
        return cursor != null && "backward".equalsIgnoreCase(cursor.direction());
    }

    /** A cursor that positions the page (both id and time given); otherwise the page starts at the top. */
    static boolean positions(Cursor cursor) {
        return cursor != null && cursor.id() != null && cursor.updatedAt() != null;
    }
}
