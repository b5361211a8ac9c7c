package io.toggleworks.api.web;

import java.util.List;

/** FeatBit's {@code PagedResult<T>}: {@code {"totalCount":n,"items":[...]}}. */
public record PagedResult<T>(long totalCount, List<T> items) {
    public PagedResult {
        items = List.copyOf(items);
    }
}
