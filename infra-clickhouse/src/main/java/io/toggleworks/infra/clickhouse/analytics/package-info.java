/** The {@code ClickHouse} analytics store: the events table, idempotent batched appends, §5.4 queries. */
package io.toggleworks.infra.clickhouse.analytics;
