package io.toggleworks.api.insights;

import io.toggleworks.api.flags.FlagStore;
import io.toggleworks.api.iam.Permission;
import io.toggleworks.api.security.Caller;
import io.toggleworks.api.security.Guard;
import io.toggleworks.api.web.ApiException;
import io.toggleworks.api.web.ApiResponse;
import io.toggleworks.api.web.ErrorCodes;
import io.toggleworks.api.web.PagedResult;
import io.toggleworks.api.web.Paging;
import io.toggleworks.core.flag.FeatureFlag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The portal's flag insights (api.md §4.5.1 {@code insights}, §4.5.3 {@code end-users/get-by-featureflag}), answered by
 * the DAS. FeatBit lets any signed-in member read them; we require access to the environment, as for the flag list.
 * Unlike FeatBit, missing or malformed parameters are a 400 naming the parameter, an unknown flag a 404, and the
 * portal's {@code timezone} is passed on so buckets follow the viewer's days (FeatBit ignores it).
 */
@RestController
public class InsightsController {
    private static final Set<String> INTERVALS = Set.of("MONTH", "WEEK", "DAY", "HOUR", "MINUTE");

    private final Guard guard;
    private final FlagStore flags;
    private final OlapClient olap;

    public InsightsController(Guard guard, FlagStore flags, OlapClient olap) {
        this.guard = guard;
        this.flags = flags;
        this.olap = olap;
    }

    @GetMapping("/api/v1/envs/{envId}/feature-flags/insights")
    public ApiResponse<List<InsightsMapping.InsightsVm>> insights(Caller caller, @PathVariable UUID envId,
                                                                  @RequestParam(required = false) String featureFlagKey,
                                                                  @RequestParam(required = false) String intervalType,
                                                                  @RequestParam(required = false) Long from,
                                                                  @RequestParam(required = false) Long to,
                                                                  @RequestParam(required = false) String timezone) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        String key = required("featureFlagKey", featureFlagKey);
        String interval = required("intervalType", intervalType).trim().toUpperCase(Locale.ROOT);
        if (!INTERVALS.contains(interval)) {
            throw ApiException.badRequest(ErrorCodes.invalid("intervalType"));
        }
        long[] window = window(from, to);
        FeatureFlag flag = flags.find(envId, key).orElseThrow(ApiException::notFound);
        List<OlapClient.DasBucket> buckets = olap.flagInsights(new OlapClient.FlagInsightsRequest(
                envId + "-" + flag.key(), envId.toString(), interval, window[0] * 1000, window[1] * 1000, zone(timezone)));
        return ApiResponse.ok(InsightsMapping.insights(buckets, flag.variations()));
    }

    @GetMapping("/api/v1/envs/{envId}/end-users/get-by-featureflag")
    public ApiResponse<PagedResult<InsightsMapping.FlagEndUserVm>> endUsers(Caller caller, @PathVariable UUID envId,
                                                                           @RequestParam(required = false) String featureFlagKey,
                                                                           @RequestParam(required = false) String variationId,
                                                                           @RequestParam(required = false) String query,
                                                                           @RequestParam(required = false) Long from,
                                                                           @RequestParam(required = false) Long to,
                                                                           @RequestParam(required = false) Integer pageIndex,
                                                                           @RequestParam(required = false) Integer pageSize) {
        guard.env(caller, envId, Permission.CAN_ACCESS_ENV);
        String key = required("featureFlagKey", featureFlagKey);
        long[] window = window(from, to);
        Paging paging = Paging.of(pageIndex, pageSize);
        if (paging.pageSize() < 1) {
            throw ApiException.badRequest(ErrorCodes.invalid("pageSize"));
        }
        FeatureFlag flag = flags.find(envId, key).orElseThrow(ApiException::notFound);
        OlapClient.DasEndUsers page = olap.endUsers(new OlapClient.EndUsersRequest(envId.toString(), envId + "-" + flag.key(),
                blankToNull(variationId), blankToNull(query), window[0] * 1000, window[1] * 1000, paging.pageIndex(), paging.pageSize()));
        List<InsightsMapping.FlagEndUserVm> items = (page.items() == null ? List.<OlapClient.DasEndUser>of() : page.items()).stream()
                .map(u -> InsightsMapping.endUser(u, flag.variations())).toList();
        return ApiResponse.ok(new PagedResult<>(page.totalCount(), items));
    }

    /** {@code from} and {@code to} in Unix milliseconds (FeatBit: both &gt; 0); {@code to} defaults to now. */
    private static long[] window(Long from, Long to) {
        if (from == null) {
            throw ApiException.badRequest(ErrorCodes.required("from"));
        }
        long end = to == null ? System.currentTimeMillis() : to;
        if (from <= 0 || from > 99_999_999_999_999L) {
            throw ApiException.badRequest(ErrorCodes.invalid("from"));
        }
        if (end <= from || end > 99_999_999_999_999L) {
            throw ApiException.badRequest(ErrorCodes.invalid("to"));
        }
        return new long[] {from, end};
    }

    private static String zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return "UTC";
        }
        try {
            return ZoneId.of(timezone.trim()).getId();
        } catch (DateTimeException e) {
            throw ApiException.badRequest(ErrorCodes.invalid("timezone"));
        }
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(ErrorCodes.required(name));
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
