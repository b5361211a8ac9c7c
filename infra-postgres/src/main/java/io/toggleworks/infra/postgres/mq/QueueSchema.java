package io.toggleworks.infra.postgres.mq;

import io.toggleworks.infra.postgres.jdbc.PostgresConnectionString;
import io.toggleworks.infra.postgres.jdbc.PostgresDataSources;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's own table, for when no migration creates it: with {@code DbProvider=MongoDb} the PostgreSQL server
 * holds only the queue (FeatBit's operators ran its init script there). With {@code DbProvider=Postgres} the main
 * schema's migration creates it, so nothing runs here and the two never race on the same DDL.
 */
public final class QueueSchema {
    private static final Logger log = LoggerFactory.getLogger(QueueSchema.class);

    // The same table and index as the main schema's (V1), so a later switch to DbProvider=Postgres finds them as is.
    public static final String DDL = """
            create table if not exists queue_messages
            (
                id                bigint generated always as identity constraint pk_queue_messages primary key,
                topic             varchar(128) not null,
                status            varchar(64)  not null default 'Pending',
                enqueued_at       timestamptz  not null default now(),
                not_visible_until timestamptz,
                last_deliver_at   timestamptz,
                last_handled_at   timestamptz,
                deliver_count     integer      not null default 0,
                payload           text,
                error             text
            );
            create index if not exists ix_queue_messages_not_visible_until_topic_status
                on queue_messages (not_visible_until, topic, status);
            """;

    private QueueSchema() {
    }

    /** Creates the table when missing; serialised by an advisory lock so several services may start at once. */
    static void ensure(PostgresConnectionString cs) {
        try (Connection c = PostgresDataSources.connect(cs, "toggleworks_mq_schema"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("select pg_advisory_xact_lock(hashtext('toggleworks.queue_messages'))");
            s.execute(DDL);
            c.commit();
        } catch (SQLException e) {
            // Start anyway (as when the server is down): queue calls fail and retry until the table is there.
            log.warn("Could not create the queue table queue_messages: {}", e.getMessage());
        }
    }
}
