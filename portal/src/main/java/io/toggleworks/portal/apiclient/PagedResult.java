package io.toggleworks.portal.apiclient;

import java.util.List;

/** Offset-paged result. */
public record PagedResult<T>(long totalCount, List<T> items) {
}
