package io.toggleworks.das.insights;

import io.toggleworks.spi.analytics.IntervalType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class BucketsTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void bucketsRunFromTheStartsBucketToTheEndsInclusive() {
        assertThat(Buckets.between(Instant.parse("2024-06-01T10:00:00Z"), Instant.parse("2024-06-03T00:00:00Z"), IntervalType.DAY, UTC))
                .containsExactly(Instant.parse("2024-06-01T00:00:00Z"), Instant.parse("2024-06-02T00:00:00Z"),
                        Instant.parse("2024-06-03T00:00:00Z"));
        assertThat(Buckets.between(Instant.parse("2024-06-01T10:00:30Z"), Instant.parse("2024-06-01T10:02:59Z"), IntervalType.MINUTE, UTC))
                .containsExactly(Instant.parse("2024-06-01T10:00:00Z"), Instant.parse("2024-06-01T10:01:00Z"),
                        Instant.parse("2024-06-01T10:02:00Z"));
    }

    @Test
    void weeksStartOnMondayAndMonthsOnTheFirst() {
        assertThat(Buckets.between(Instant.parse("2024-06-05T00:00:00Z"), Instant.parse("2024-06-12T00:00:00Z"), IntervalType.WEEK, UTC))
                .containsExactly(Instant.parse("2024-06-03T00:00:00Z"), Instant.parse("2024-06-10T00:00:00Z"));
        assertThat(Buckets.between(Instant.parse("2024-01-31T00:00:00Z"), Instant.parse("2024-03-01T00:00:00Z"), IntervalType.MONTH, UTC))
                .containsExactly(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"),
                        Instant.parse("2024-03-01T00:00:00Z"));
    }

    @Test
    void daysFollowTheZoneAcrossADaylightSavingChange() {
        ZoneId paris = ZoneId.of("Europe/Paris"); // clocks go forward on 2024-03-31
        assertThat(Buckets.between(Instant.parse("2024-03-30T12:00:00Z"), Instant.parse("2024-04-01T12:00:00Z"), IntervalType.DAY, paris))
                .containsExactly(Instant.parse("2024-03-29T23:00:00Z"), Instant.parse("2024-03-30T23:00:00Z"),
                        Instant.parse("2024-03-31T22:00:00Z"));
    }

    @Test
    void hoursFollowAHalfHourZone() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        assertThat(Buckets.between(Instant.parse("2024-06-01T10:00:00Z"), Instant.parse("2024-06-01T11:00:00Z"), IntervalType.HOUR, kolkata))
                .containsExactly(Instant.parse("2024-06-01T09:30:00Z"), Instant.parse("2024-06-01T10:30:00Z"));
    }

    @Test
    void tooManyBucketsGiveNone() {
        assertThat(Buckets.between(Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z"), IntervalType.MINUTE, UTC))
                .isEmpty();
    }
}
