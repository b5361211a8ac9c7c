/**
 * {@code DB_PROVIDER=Postgres}: FeatBit's {@code events} table as the analytics store (infrastructure-and-analytics.md
 * §4.1, §5.5.1), written in batches that are idempotent by event id and queried per §5.6 on the JSONB tags.
 */
package io.toggleworks.infra.postgres.analytics;
