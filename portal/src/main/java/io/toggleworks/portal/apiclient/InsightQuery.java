package io.toggleworks.portal.apiclient;

/**
 * What the insights tab asks for: a flag, a time range in epoch milliseconds and, for the chart, the bucket size
 * ({@code MINUTE}, {@code HOUR}, {@code DAY}, {@code WEEK} or {@code MONTH}).
 */
public record InsightQuery(String flagKey, String intervalType, long fromMs, long toMs) {
}
