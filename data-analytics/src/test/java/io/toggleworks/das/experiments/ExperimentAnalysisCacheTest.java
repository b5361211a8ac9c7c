package io.toggleworks.das.experiments;

import io.toggleworks.das.web.JsonRequest;
import io.toggleworks.spi.analytics.AnalyticsEvent;
import io.toggleworks.spi.analytics.AnalyticsStore;
import io.toggleworks.spi.analytics.ArmData;
import io.toggleworks.spi.analytics.BucketCount;
import io.toggleworks.spi.analytics.ExperimentQuery;
import io.toggleworks.spi.analytics.FlagEndUsersPage;
import io.toggleworks.spi.analytics.FlagEndUsersQuery;
import io.toggleworks.spi.analytics.FlagInsightsQuery;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** FeatBit's 10-second result cache: the same request within the window reads the store once. */
class ExperimentAnalysisCacheTest {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A store that answers fixed arms and counts the experiment queries. */
    static final class CountingStore implements AnalyticsStore {
        final AtomicInteger queries = new AtomicInteger();

        @Override
        public void append(List<AnalyticsEvent> events) {
        }

        @Override
        public List<BucketCount> flagInsights(FlagInsightsQuery query) {
            return List.of();
        }

        @Override
        public FlagEndUsersPage flagEndUsers(FlagEndUsersQuery query) {
            return new FlagEndUsersPage(0, List.of());
        }

        @Override
        public List<ArmData> experimentArms(ExperimentQuery query) {
            queries.incrementAndGet();
            return List.of(new ArmData("A", 1000, 100, 0, 0), new ArmData("B", 1000, 150, 0, 0));
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static ExperimentResultsRequest request(String exptId) {
        return ExperimentResultsRequest.parse(new JsonRequest(JSON.readTree("""
                {"exptId":"%s","envId":"e","flagExptId":"e-f","eventName":"checkout","eventType":1,
                 "startExptTime":1780000000,"baselineVariationId":"A","variationIds":["A","B"]}""".formatted(exptId))));
    }

    @Test
    void sameRequestWithinTenSecondsIsServedFromTheCache() {
        CountingStore store = new CountingStore();
        ManualClock clock = new ManualClock();
        ExperimentAnalysis analysis = new ExperimentAnalysis(store, clock);

        var first = analysis.results(request("x"));
        clock.now = clock.now.plusSeconds(9);
        assertThat(analysis.results(request("x"))).isSameAs(first);
        assertThat(store.queries.get()).isEqualTo(1);

        analysis.results(request("y")); // another request body
        assertThat(store.queries.get()).isEqualTo(2);

        clock.now = clock.now.plusSeconds(1); // 10 s after the first: stale
        assertThat(analysis.results(request("x"))).isNotSameAs(first).isEqualTo(first);
        assertThat(store.queries.get()).isEqualTo(3);
    }
}
