package io.toggleworks.spi.mq;

import java.util.Optional;
import java.util.Set;

/** FeatBit's five message topics (infrastructure-and-analytics.md §2.1). */
public final class Topics {
    /** Real-time, API to every ELS instance: the whole flag document. */
    public static final String FEATURE_FLAG_CHANGE = "featbit-feature-flag-change";
    /** Real-time, API to every ELS instance: {@code {segment, affectedFlagIds}}. */
    public static final String SEGMENT_CHANGE = "featbit-segment-change";
    /** Job, ELS to API: end users seen by SDKs. */
    public static final String END_USERS = "featbit-endusers";
    /** Job, ELS to API (or ClickHouse): flag evaluations and custom events. */
    public static final String INSIGHTS = "featbit-insights";
    /** Job, ELS to API: usage metering. */
    public static final String USAGE = "featbit-usage";

    public static final Set<String> REAL_TIME = Set.of(FEATURE_FLAG_CHANGE, SEGMENT_CHANGE);
    public static final Set<String> JOBS = Set.of(END_USERS, INSIGHTS, USAGE);

    private Topics() {
    }

    public static boolean isRealTime(String topic) {
        return REAL_TIME.contains(topic);
    }

    /** The PostgreSQL NOTIFY channel of a real-time topic. */
    public static Optional<String> postgresChannel(String topic) {
        return switch (topic) {
            case FEATURE_FLAG_CHANGE -> Optional.of("featbit_feature_flag_change_channel");
            case SEGMENT_CHANGE -> Optional.of("featbit_segment_change_channel");
            default -> Optional.empty();
        };
    }
}
