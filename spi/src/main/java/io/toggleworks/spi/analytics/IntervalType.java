package io.toggleworks.spi.analytics;

/** The bucket width of a flag-insights time series (DAS {@code intervalType}); WEEK is the ISO week, from Monday. */
public enum IntervalType {
    MONTH, WEEK, DAY, HOUR, MINUTE
}
