package io.toggleworks.das.insights;

import io.toggleworks.das.web.DasException;
import io.toggleworks.das.web.DasResponse;
import io.toggleworks.das.web.JsonRequest;
import io.toggleworks.das.web.TimeFormat;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.BucketCount;
import io.toggleworks.spi.analytics.FlagEndUsersPage;
import io.toggleworks.spi.analytics.FlagEndUsersQuery;
import io.toggleworks.spi.analytics.FlagInsightsQuery;
import io.toggleworks.spi.analytics.IntervalType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code POST /api/events/stat/featureflag} and {@code POST /api/events/stat/enduser} (§5.3.1, §5.3.2). */
@RestController
public class InsightsController {
    static final int MAX_PAGE_SIZE = 10_000;

    private final AnalyticsStore store;

    public InsightsController(AnalyticsStore store) {
        this.store = store;
    }

    public record VariationCount(String id, long val) {
    }

    public record Bucket(String time, List<VariationCount> variations) {
    }

    public record EndUser(String variationId, String keyId, String name, String lastEvaluatedAt) {
    }

    public record EndUsers(long totalCount, List<EndUser> items) {
    }

    @PostMapping("/api/events/stat/featureflag")
    public DasResponse<List<Bucket>> flagInsights(@RequestBody(required = false) JsonNode body) {
        JsonRequest r = new JsonRequest(body);
        String flagExptId = r.requiredString("flagExptId");
        String envId = r.requiredString("envId");
        Instant start = r.requiredTime("startTime");
        String intervalText = r.requiredString("intervalType");
        IntervalType interval;
        try {
            interval = IntervalType.valueOf(intervalText.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DasException.badRequest("intervalType must be one of MONTH, WEEK, DAY, HOUR, MINUTE");
        }
        Instant end = r.optionalTime("endTime").orElseGet(Instant::now);
        ZoneId zone = zone(r);
        if (!start.isBefore(end)) {
            throw DasException.badRequest("startTime must be before endTime");
        }
        List<Instant> buckets = Buckets.between(start, end, interval, zone);
        if (buckets.isEmpty()) {
            throw DasException.badRequest("the period holds more than " + Buckets.MAX + " " + interval.name().toLowerCase(Locale.ROOT)
                    + " buckets; choose a longer intervalType");
        }
        Map<Instant, List<VariationCount>> counts = new LinkedHashMap<>();
        buckets.forEach(b -> counts.put(b, new ArrayList<>()));
        for (BucketCount c : store.flagInsights(new FlagInsightsQuery(envId, flagExptId, interval, start, end, zone))) {
            List<VariationCount> list = counts.get(c.bucketStart());
            if (list != null) {
                list.add(new VariationCount(c.variationId(), c.count()));
            }
        }
        List<Bucket> data = new ArrayList<>(counts.size());
        counts.forEach((b, v) -> data.add(new Bucket(TimeFormat.utc(b), List.copyOf(v))));
        return DasResponse.ok(data);
    }

    @PostMapping("/api/events/stat/enduser")
    public DasResponse<EndUsers> endUsers(@RequestBody(required = false) JsonNode body) {
        JsonRequest r = new JsonRequest(body);
        String flagExptId = r.requiredString("flagExptId");
        String envId = r.requiredString("envId");
        Instant start = r.requiredTime("startTime");
        Instant end = r.optionalTime("endTime").orElseGet(Instant::now);
        int pageIndex = r.optionalInt("pageIndex", 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int pageSize = r.optionalInt("pageSize", 10, 1, MAX_PAGE_SIZE);
        if (!start.isBefore(end)) {
            throw DasException.badRequest("startTime must be before endTime");
        }
        FlagEndUsersPage page = store.flagEndUsers(new FlagEndUsersQuery(envId, flagExptId, r.optionalString("variationId"),
                r.optionalString("query"), start, end, pageIndex, pageSize));
        List<EndUser> items = page.items().stream()
                .map(u -> new EndUser(u.variationId(), u.keyId(), u.name(), TimeFormat.utc(u.lastEvaluatedAt()))).toList();
        return DasResponse.ok(new EndUsers(page.totalCount(), items));
    }

    /**
     * An IANA zone. A fixed offset of whole hours becomes its {@code Etc/GMT} zone, which every store's time-zone
     * database knows (PostgreSQL would read {@code +08:00} with the POSIX sign, eight hours west); other offsets
     * are refused with a hint to use the region's name.
     */
    static ZoneId zone(JsonRequest r) {
        String text = r.optionalString("timezone").orElse("UTC").trim();
        ZoneId zone;
        try {
            zone = ZoneId.of(text);
        } catch (DateTimeException e) {
            throw DasException.badRequest("timezone must be an IANA time zone name such as Europe/Paris");
        }
        if (zone instanceof ZoneOffset || zone.getId().startsWith("UTC") || zone.getId().startsWith("GMT")) {
            int seconds = zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds();
            if (seconds == 0) {
                return ZoneId.of("UTC");
            }
            if (seconds % 3600 != 0) {
                throw DasException.badRequest("timezone " + text + " is not a whole-hour offset; use the region's name, e.g. Asia/Kolkata");
            }
            int hours = seconds / 3600;
            return ZoneId.of("Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours));
        }
        return zone;
    }
}
