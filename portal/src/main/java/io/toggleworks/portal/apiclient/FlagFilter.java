package io.toggleworks.portal.apiclient;

import java.util.List;

/** Query of GET feature-flags (pageIndex is 0-based). */
public record FlagFilter(String name, List<String> tags, Boolean isEnabled, boolean isArchived, String sortBy, int pageIndex, int pageSize) {
}
