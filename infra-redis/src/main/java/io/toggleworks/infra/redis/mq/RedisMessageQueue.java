package io.toggleworks.infra.redis.mq;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.toggleworks.infra.redis.connection.RedisConnectionString;
import io.toggleworks.spi.mq.JobConsumer;
import io.toggleworks.spi.mq.MessageProducer;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.mq.support.QueueConsumers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis message queue. One shared, auto-reconnecting connection carries publishing and the consumers'
 * short scripts; each job topic loop has its own connection for its blocking move, and each real-time consumer
 * its own subscription connection (reconnected by the consumer itself, so it knows when to replay).
 */
public final class RedisMessageQueue implements MessageQueue {
    private static final Logger log = LoggerFactory.getLogger(RedisMessageQueue.class);

    private final RedisConnectionString connectionString;
    private final RedisQueueSettings settings;
    private final RedisKeys keys;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final RedisMessageProducer producer;
    private final QueueConsumers consumers = new QueueConsumers();
    private volatile StatefulRedisConnection<String, String> shared;
    private final Object sharedLock = new Object();
    private boolean sharedClosed;

    public RedisMessageQueue(RedisConnectionString connectionString, RedisQueueSettings settings) {
        this.connectionString = connectionString;
        this.settings = settings;
        this.keys = new RedisKeys(settings.keyPrefix(), connectionString.channelPrefix());
        this.uri = connectionString.toRedisUri();
        // Small pools: a queue needs a handful of connections, and services may open several queues.
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        this.client = newClient(true);
        this.producer = new RedisMessageProducer(this::shared, keys, settings);
        try {
            shared();
        } catch (RuntimeException e) {
            // FeatBit's abortConnect=false: start anyway, connect on first use.
            log.warn("Redis at {} is not reachable yet ({}); will keep trying", connectionString, e.toString());
        }
    }

    RedisClient newClient(boolean autoReconnect) {
        RedisClient c = RedisClient.create(resources);
        c.setOptions(ClientOptions.builder()
                .autoReconnect(autoReconnect)
                .socketOptions(SocketOptions.builder().connectTimeout(connectionString.connectTimeout()).keepAlive(true).build())
                .build());
        return c;
    }

    RedisURI uri() {
        return uri;
    }

    RedisClient client() {
        return client;
    }

    /**
     * The shared connection, opened on first use; once open, Lettuce reconnects it after a drop by itself (and
     * re-sends commands that were in flight, which our scripts tolerate).
     */
    StatefulRedisConnection<String, String> shared() {
        StatefulRedisConnection<String, String> c = shared;
        if (c != null) {
            return c;
        }
        synchronized (sharedLock) {
            if (sharedClosed) {
                throw new IllegalStateException("message queue is closed");
            }
            if (shared == null) {
                shared = client.connect(uri);
            }
            return shared;
        }
    }

    public RedisQueueSettings settings() {
        return settings;
    }

    RedisKeys keys() {
        return keys;
    }

    /** The job messages parked on {@code topic}, oldest first (for operators and tests). */
    public java.util.List<ParkedMessage> parked(String topic) {
        return shared().sync().lrange(keys.failed(topic), 0, -1).stream().map(ParkedMessage::parse).toList();
    }

    @Override
    public MessageProducer producer() {
        return producer;
    }

    @Override
    public RealtimeConsumer realtimeConsumer() {
        return consumers.add(() -> new RedisRealtimeConsumer(this));
    }

    @Override
    public JobConsumer jobConsumer() {
        return consumers.add(() -> new RedisJobConsumer(this));
    }

    @Override
    public void close() {
        // Consumers first: a finishing batch still needs the shared connection to acknowledge.
        if (!consumers.close(e -> log.debug("Closing a consumer failed: {}", e.toString()))) {
            return;
        }
        synchronized (sharedLock) {
            sharedClosed = true;
            if (shared != null) {
                shared.close();
            }
        }
        client.shutdown();
        resources.shutdown();
    }
}
