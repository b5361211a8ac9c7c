package io.toggleworks.spi.analytics;

import java.time.Instant;
import java.util.Objects;

/**
 * The data of one experiment iteration (§5.4.3): exposures are {@code FlagValue} rows of {@code flagExptId} sent to
 * experiments ({@code tag_2 = 'true'}); metric rows have {@code event = metricEventType} ("CustomEvent", "PageView",
 * "Click") and {@code distinct_id = metricEventName}. Both within {@code start < timestamp < end}.
 *
 * @param numeric true: per-user sums of the metric's numeric value (tag_1) over users with at least one metric
 *                event; false: conversion, a user converts when it has at least one metric event
 */
public record ExperimentQuery(String envId, String flagExptId, String metricEventType, String metricEventName,
                              Instant start, Instant end, boolean numeric) {
    public ExperimentQuery {
        Objects.requireNonNull(envId, "envId");
        Objects.requireNonNull(flagExptId, "flagExptId");
        Objects.requireNonNull(metricEventType, "metricEventType");
        Objects.requireNonNull(metricEventName, "metricEventName");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }
}
