package io.toggleworks.infra.redis.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.toggleworks.infra.redis.connection.RedisConnectionString;

/**
 * One shared, auto-reconnecting Lettuce connection, opened on first use (FeatBit's {@code abortConnect=false}:
 * a service starts while Redis is still coming up). While the connection is down, commands fail at once rather
 * than queue, so callers see "unavailable" instead of hanging.
 */
final class CacheConnection implements AutoCloseable {
    private final RedisConnectionString connectionString;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisURI uri;
    private final Object lock = new Object();
    private volatile StatefulRedisConnection<String, String> connection;
    private boolean closed;

    CacheConnection(RedisConnectionString connectionString) {
        this.connectionString = connectionString;
        this.uri = connectionString.toRedisUri();
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(connectionString.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(connectionString.connectTimeout()).keepAlive(true).build())
                .build());
    }

    /** Synchronous commands on the shared connection; throws {@link RedisException} when Redis cannot be reached. */
    RedisCommands<String, String> sync() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            return c.sync();
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the Redis cache is closed");
            }
            if (connection == null) {
                connection = client.connect(uri);
            }
            return connection.sync();
        }
    }

    /** Asynchronous commands on the same connection: issued without waiting, so they are pipelined. */
    io.lettuce.core.api.async.RedisAsyncCommands<String, String> async() {
        sync();
        return connection.async();
    }

    java.time.Duration commandTimeout() {
        return connectionString.commandTimeout();
    }

    String describe() {
        return connectionString.toString();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (connection != null) {
                connection.close();
            }
        }
        client.shutdown();
        resources.shutdown();
    }
}
