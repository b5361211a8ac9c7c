package io.toggleworks.portal.apiclient;

import java.util.List;

/** Cursor-paged result (end users). */
public record CursorPage<T>(List<T> items, PageCursor previousCursor, PageCursor nextCursor) {
}
