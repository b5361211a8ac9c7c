package io.toggleworks.portal.flags;

import io.toggleworks.portal.apiclient.FeatureFlagVm;
import io.toggleworks.portal.apiclient.PagedResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The flag list with its filters; page is 1-based here (the API's pageIndex is 0-based). */
public record FlagListView(String q, String status, List<String> tags, boolean archived, int page, int pageSize,
                           PagedResult<FeatureFlagVm> result, List<String> allTags) {

    public int totalPages() {
        return (int) Math.max(1, (result.totalCount() + pageSize - 1) / pageSize);
    }

    public boolean filtered() {
        return !q.isBlank() || !status.isBlank() || !tags.isEmpty();
    }

    /** The list URL for another page with the same filters. */
    public String pageUrl(int p) {
        StringBuilder sb = new StringBuilder("/feature-flags?page=").append(p);
        if (!q.isBlank()) sb.append("&q=").append(enc(q));
        if (!status.isBlank()) sb.append("&status=").append(enc(status));
        for (String t : tags) sb.append("&tags=").append(enc(t));
        if (archived) sb.append("&archived=true");
        return sb.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
