/**
 * {@code MqProvider=Postgres}: FeatBit's {@code queue_messages} table with LISTEN/NOTIFY for real-time topics and a
 * polled, row-locked table for job topics. Wire-compatible with FeatBit; it redelivers job messages stranded by a
 * dead consumer, retries and parks failing ones, and replays real-time messages missed during a disconnect
 * (docs/adr/0030-postgres-queue-redelivery.md, infra-postgres/README.md).
 */
package io.toggleworks.infra.postgres.mq;
