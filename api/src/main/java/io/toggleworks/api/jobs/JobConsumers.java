package io.toggleworks.api.jobs;

import io.toggleworks.api.config.FeatBitSettings;
import io.toggleworks.spi.config.ProviderConfig;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the job-topic consumers when the application is ready and stops them first on shutdown, while the
 * database is still open, so a running batch can finish and be acknowledged (or is handed back to the queue).
 * {@code Toggleworks__Jobs__Enabled=false} switches them off (tests that do not need them, API-only replicas).
 * {@code featbit-insights} is left alone when ClickHouse consumes it itself (ADR 0077, 0081).
 */
@Component
public class JobConsumers implements SmartLifecycle {
    public static final String ENABLED_SETTING = "Toggleworks__Jobs__Enabled";
    private static final Logger log = LoggerFactory.getLogger(JobConsumers.class);

    private final MessageQueue queue;
    private final EndUserJobHandler endUsers;
    private final InsightJobHandler insights;
    private final boolean enabled;
    private final boolean consumeInsights;
    private volatile JobConsumer consumer;

    public JobConsumers(MessageQueue queue, EndUserJobHandler endUsers, InsightJobHandler insights, FeatBitSettings settings,
                        ProviderConfig config) {
        this.queue = queue;
        this.endUsers = endUsers;
        this.insights = insights;
        this.enabled = !"false".equalsIgnoreCase(settings.get(ENABLED_SETTING, "true").trim());
        this.consumeInsights = !AnalyticsStoreConfiguration.clickHouseConsumesInsights(config);
    }

    @Override
    public synchronized void start() {
        if (!enabled || consumer != null) {
            return;
        }
        JobConsumer c = queue.jobConsumer();
        c.start(Topics.END_USERS, endUsers);
        if (consumeInsights) {
            c.start(Topics.INSIGHTS, insights);
            log.info("Consuming job topics {} and {}", Topics.END_USERS, Topics.INSIGHTS);
        } else {
            // Consuming it too would insert every event twice (counts stay right, the work is wasted).
            log.info("Consuming job topic {}; {} is consumed by ClickHouse's Kafka engine (CLICKHOUSE_KAFKA_ENGINE=true)",
                    Topics.END_USERS, Topics.INSIGHTS);
        }
        consumer = c;
    }

    @Override
    public synchronized void stop() {
        JobConsumer c = consumer;
        consumer = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public boolean isRunning() {
        return consumer != null;
    }

    /** Late start, early stop: after the web server is up, before the data source closes. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
