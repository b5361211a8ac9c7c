package io.toggleworks.portal.insights;

import io.toggleworks.portal.apiclient.ApiErrors;
import io.toggleworks.portal.apiclient.ApiException;
import io.toggleworks.portal.apiclient.FeatureFlag;
import io.toggleworks.portal.apiclient.FlagEndUser;
import io.toggleworks.portal.apiclient.FlagInsight;
import io.toggleworks.portal.apiclient.InsightQuery;
import io.toggleworks.portal.apiclient.PagedResult;
import io.toggleworks.portal.apiclient.PortalApi;
import io.toggleworks.portal.apiclient.Variation;
import io.toggleworks.portal.auth.PortalSession;
import io.toggleworks.portal.shell.ShellFactory;
import io.toggleworks.portal.web.Views;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The flag's Insights tab: evaluations per variation over a period (chart) and the end users who saw a variation
 * (table). Both come from the API's analytics routes; while those are missing (404) the tab says there is no data
 * yet instead of failing, and any other analytics failure stays inside the tab.
 */
@Controller
public class InsightsController {
    static final int PAGE_SIZE = 10;
    private final PortalApi api;
    private final PortalSession session;
    private final ShellFactory shells;
    private final Clock clock = Clock.systemUTC();

    public InsightsController(PortalApi api, PortalSession session, ShellFactory shells) {
        this.api = api;
        this.session = session;
        this.shells = shells;
    }

    /** What the tab shows; {@code missing} = the API has no insights routes or data for this flag (404). */
    public record InsightsView(InsightPeriod period, InsightPeriod.Interval interval, InsightChart chart, boolean missing, ApiErrors chartErrors,
                               PagedResult<FlagEndUser> users, boolean usersMissing, ApiErrors userErrors,
                               String variation, String q, int page, int pageSize) {
        public long pages() {
            return users == null ? 1 : Math.max(1, (users.totalCount() + pageSize - 1) / pageSize);
        }

        /** The tab's URL with one parameter changed, keeping the others. */
        public String url(String key, String name, String value) {
            var b = org.springframework.web.util.UriComponentsBuilder.fromPath("/feature-flags/{key}/insights")
                    .queryParam("period", name.equals("period") ? value : period.code);
            // A new period starts from its own default interval.
            if (!name.equals("period")) b.queryParam("interval", name.equals("interval") ? value : interval.name());
            String v = name.equals("variation") ? value : variation;
            String query = name.equals("q") ? value : q;
            if (!v.isEmpty()) b.queryParam("variation", v);
            if (!query.isEmpty()) b.queryParam("q", query);
            if (name.equals("page")) b.queryParam("page", value);
            return b.buildAndExpand(key).encode().toUriString();
        }
    }

    /**
     * Get started, step 3: how often the flag was evaluated in the last hour. htmx polls this every few seconds; once
     * evaluations are seen the answer is 286, which tells htmx to stop polling.
     */
    @GetMapping("/get-started/evaluations")
    public String recentEvaluations(@RequestParam(defaultValue = "") String flag, Model model, jakarta.servlet.http.HttpServletResponse response) {
        Instant to = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant from = to.minus(1, ChronoUnit.HOURS);
        long total = 0;
        String problem = null;
        if (!flag.isBlank()) {
            try {
                List<FlagInsight> data = api.flagInsights(session.envId(), new InsightQuery(flag, "MINUTE", from.toEpochMilli(), to.toEpochMilli()));
                if (data != null) {
                    total = data.stream().flatMap(i -> i.variations().stream()).mapToLong(FlagInsight.VariationCount::count).sum();
                }
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                if (e.status() != 404) problem = String.join(" ", ApiErrors.of(e).page());
            }
        }
        if (total > 0) response.setStatus(286);
        model.addAttribute("flag", flag);
        model.addAttribute("total", total);
        model.addAttribute("problem", problem);
        return "settings/evaluations";
    }

    @GetMapping("/feature-flags/{key}/insights")
    public String insights(@PathVariable String key, @RequestParam(defaultValue = "24h") String period, @RequestParam(defaultValue = "") String interval,
                           @RequestParam(defaultValue = "") String variation, @RequestParam(defaultValue = "") String q,
                           @RequestParam(defaultValue = "1") int page, Model model, HttpServletRequest request) {
        FeatureFlag flag = api.flag(session.envId(), key);
        InsightPeriod p = InsightPeriod.of(period);
        InsightPeriod.Interval iv = p.interval(interval);
        // Up to the end of the current minute, so evaluations of the last few seconds are counted too.
        Instant to = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant from = to.minus(p.length);
        var query = new InsightQuery(flag.key(), iv.name(), from.toEpochMilli(), to.toEpochMilli());
        String variationId = flag.variations().stream().anyMatch(v -> v.id().equals(variation)) ? variation : "";
        int pg = Math.max(1, page);

        boolean usersMissing = false;
        ApiErrors userErrors = ApiErrors.NONE;
        PagedResult<FlagEndUser> users = new PagedResult<>(0, List.of());
        try {
            PagedResult<FlagEndUser> r = api.flagEndUsers(session.envId(), query, variationId, q.trim(), pg - 1, PAGE_SIZE);
            if (r != null) users = new PagedResult<>(r.totalCount(), r.items() == null ? List.of() : r.items());
        } catch (ApiException e) {
            if (e.isUnauthorized()) throw e;
            if (e.status() == 404) usersMissing = true;
            else userErrors = ApiErrors.of(e);
        }

        boolean htmxTable = Views.isHtmx(request) && "insight-users".equals(request.getHeader("HX-Target"));
        InsightChart chart = null;
        boolean missing = false;
        ApiErrors chartErrors = ApiErrors.NONE;
        if (!htmxTable) {
            try {
                List<FlagInsight> data = api.flagInsights(session.envId(), query);
                chart = InsightChart.of(data == null ? List.of() : data, flag.variations().stream().map(Variation::name).toList(), iv, from, to);
            } catch (ApiException e) {
                if (e.isUnauthorized()) throw e;
                if (e.status() == 404) missing = true;
                else chartErrors = ApiErrors.of(e);
            }
        }
        model.addAttribute("shell", shells.shell(flag.name() + " · Insights", "flags"));
        model.addAttribute("flag", flag);
        model.addAttribute("view", new InsightsView(p, iv, chart, missing, chartErrors, users, usersMissing, userErrors, variationId, q.trim(), pg, PAGE_SIZE));
        return htmxTable ? "flags/insightUsers" : "flags/insights";
    }
}
