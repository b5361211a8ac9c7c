package io.toggleworks.api.web;

import java.util.List;

/** FeatBit's {@code PagedResult<T>}: {@code {"totalCount":n,"items":[...]}}. */
public record PagedResult<T>(long totalCount, List<T> items) {
    public PagedResult {
        items = List.copyOf(items);
    }

    /** One page of an in-memory list (for the small per-organization lists: groups, policies). */
    public static <T> PagedResult<T> page(List<T> all, Paging paging) {
        int from = (int) Math.min(all.size(), paging.offset());
        int to = Math.min(all.size(), from + paging.pageSize());
        return new PagedResult<>(all.size(), all.subList(from, to));
    }
}
