package io.toggleworks.infra.redis.mq;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.mq.Topics;
import io.toggleworks.spi.mq.support.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Receives the real-time topics by {@code SUBSCRIBE} on the plain topic channels, as FeatBit's Evaluation Server
 * does, and fills the gaps a dropped subscription leaves from the producer's replay stream.
 *
 * <p>How a gap is found exactly: the consumer regularly asks Redis (one script) to publish the stream's last id on
 * the consumer's private mark channel. Redis delivers messages on one connection in order, so every real-time
 * message that arrives before mark {@code L} is in the stream at or below {@code L}, and every later one above it.
 * After a reconnect, the first mark {@code L'} on the new subscription closes the gap: the entries in
 * {@code (L, L']} are replayed, except those already delivered live since mark {@code L} (matched by content, in
 * order); messages that arrived on the new subscription before {@code L'} are delivered only if the replay did not
 * contain them (a FeatBit API publishes without the stream). A mark that does not come back means the subscription
 * is dead, and it is reopened.
 *
 * <p>All of this, and the handler, run on one thread, in arrival order.
 */
final class RedisRealtimeConsumer implements RealtimeConsumer {
    private static final Logger log = LoggerFactory.getLogger(RedisRealtimeConsumer.class);
    private static final int REPLAY_PAGE = 1_000;

    private sealed interface Event {
    }

    private record Live(Object connection, String topic, String payload) implements Event {
    }

    private record Mark(Object connection, String lastId) implements Event {
    }

    private record Down(Object connection) implements Event {
    }

    private final RedisMessageQueue queue;
    private final RedisQueueSettings settings;
    private final RedisKeys keys;
    private final String consumerId = UUID.randomUUID().toString().replace("-", "");
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private final RedisClient client;
    private volatile boolean closed;
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private Thread worker;
    private Handler handler;

    // Worker thread only.
    private boolean awaitingFirstMark;
    private final List<Live> beforeFirstMark = new ArrayList<>();
    private Optional<String> watermark = Optional.empty();
    private final Map<String, Integer> liveSinceMark = new HashMap<>();
    private long lastMarkRequest;
    private long markOutstandingSince;
    private boolean reconnectPending;

    RedisRealtimeConsumer(RedisMessageQueue queue) {
        this.queue = queue;
        this.settings = queue.settings();
        this.keys = queue.keys();
        // Our own client without auto-reconnect: we reopen the subscription ourselves, so we know when to replay.
        this.client = queue.newClient(false);
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> c) {
                events.add(new Down(c));
            }
        });
    }

    @Override
    public void start(Handler handler) {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("consumer is closed");
            }
            if (worker != null) {
                throw new IllegalStateException("consumer already started");
            }
            this.handler = handler;
            if (settings.replayLength() > 0) {
                // Messages published after start() returns must arrive even though the subscription starts later on
                // the worker: take the first replay watermark here, before returning. If Redis is unreachable now,
                // the worker takes it when it first connects.
                try {
                    watermark = Optional.of(lastStreamId());
                } catch (RuntimeException e) {
                    log.debug("Could not read the replay stream at start: {}", e.toString());
                }
            }
            worker = Thread.ofPlatform().daemon().name("redis-mq-realtime").start(this::run);
        }
    }

    private void run() {
        Backoff backoff = new Backoff(settings.reconnectMinDelay(), settings.reconnectMaxDelay());
        long heartbeat = settings.heartbeatInterval().toNanos();
        boolean connectedOnce = false;
        while (!closed) {
            try {
                if (connection == null) {
                    if (watermark.isEmpty() && settings.replayLength() > 0) {
                        // Replay from here on the first subscription too, so that what is published between start()
                        // and the subscription taking effect is not lost.
                        watermark = Optional.of(lastStreamId());
                    }
                    subscribe();
                    if (connectedOnce) {
                        log.info("Real-time subscription reopened; replaying what it missed");
                        reconnectPending = true;
                    }
                    connectedOnce = true;
                    requestMark();
                    backoff.reset();
                }
                Event e = events.poll(Math.max(10, settings.heartbeatInterval().toMillis() / 2), TimeUnit.MILLISECONDS);
                if (e != null) {
                    handle(e);
                }
                long now = System.nanoTime();
                if (connection != null && markOutstandingSince != 0 && now - markOutstandingSince > 3 * heartbeat) {
                    log.warn("Real-time subscription answers no marks; reopening it");
                    dropConnection();
                } else if (connection != null && now - lastMarkRequest >= heartbeat) {
                    requestMark();
                }
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                dropConnection();
                Duration wait = backoff.next();
                log.warn("Real-time subscription failed ({}); reconnecting in {} ms", e.toString(), wait.toMillis());
                sleep(wait);
            }
        }
        dropConnection();
        log.debug("Real-time consumer stopped");
    }

    private void subscribe() {
        StatefulRedisPubSubConnection<String, String> c = client.connectPubSub(queue.uri());
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (channel.equals(keys.markChannel(consumerId))) {
                    events.add(new Mark(c, message));
                } else {
                    events.add(new Live(c, keys.topicOf(channel), message));
                }
            }
        });
        connection = c;
        awaitingFirstMark = true;
        beforeFirstMark.clear();
        markOutstandingSince = 0;
        if (closed) {
            dropConnection();
            return;
        }
        c.sync().subscribe(keys.channel(Topics.FEATURE_FLAG_CHANGE), keys.channel(Topics.SEGMENT_CHANGE),
                keys.markChannel(consumerId));
    }

    private String lastStreamId() {
        List<StreamMessage<String, String>> last = queue.shared().sync().xrevrange(keys.realtimeStream(),
                Range.create("-", "+"), Limit.from(1));
        return last.isEmpty() ? "0-0" : last.getFirst().getId();
    }

    /** Asks Redis to publish the stream's last id to us; if nobody receives it, our subscription is gone. */
    private void requestMark() {
        lastMarkRequest = System.nanoTime();
        Long receivers;
        try {
            receivers = queue.shared().sync().eval(Scripts.MARK, ScriptOutputType.INTEGER,
                    new String[]{keys.realtimeStream()}, keys.markChannel(consumerId));
        } catch (RuntimeException e) {
            // The command connection is down; its own reconnect will bring marks back.
            log.debug("Could not request a real-time mark: {}", e.toString());
            return;
        }
        if (receivers == null || receivers == 0) {
            log.warn("Real-time subscription is not registered at Redis; reopening it");
            dropConnection();
            return;
        }
        if (markOutstandingSince == 0) {
            markOutstandingSince = lastMarkRequest;
        }
    }

    private void handle(Event e) {
        switch (e) {
            case Down d -> {
                if (d.connection() == connection) {
                    log.warn("Real-time subscription lost its connection; reconnecting");
                    dropConnection();
                }
            }
            case Live l -> {
                if (l.connection() != connection) {
                    return;
                }
                if (awaitingFirstMark) {
                    beforeFirstMark.add(l);
                } else {
                    liveSinceMark.merge(key(l.topic(), l.payload()), 1, Integer::sum);
                    deliver(l.topic(), l.payload());
                }
            }
            case Mark m -> {
                if (m.connection() != connection) {
                    return;
                }
                markOutstandingSince = 0;
                if (awaitingFirstMark) {
                    closeGap(m.lastId());
                    awaitingFirstMark = false;
                    if (reconnectPending) {
                        reconnectPending = false;
                        notifyReconnected();
                    }
                }
                watermark = Optional.of(m.lastId());
                liveSinceMark.clear();
            }
        }
    }

    /** Replays what the previous subscription missed, then what arrived on the new one that the replay lacked. */
    private void closeGap(String upTo) {
        Map<String, Integer> replayed = new HashMap<>();
        if (watermark.isPresent() && settings.replayLength() > 0) {
            int count = 0;
            String from = watermark.get();
            while (!closed) {
                List<StreamMessage<String, String>> page = queue.shared().sync().xrange(keys.realtimeStream(),
                        Range.create(from, upTo), Limit.from(REPLAY_PAGE));
                boolean progressed = false;
                for (StreamMessage<String, String> entry : page) {
                    if (entry.getId().equals(from)) {
                        continue; // the lower bound is inclusive; it was delivered before
                    }
                    progressed = true;
                    from = entry.getId();
                    String topic = entry.getBody().getOrDefault("topic", "");
                    String payload = entry.getBody().get("payload");
                    if (payload == null || !Topics.isRealTime(topic)) {
                        continue;
                    }
                    String k = key(topic, payload);
                    if (take(liveSinceMark, k)) {
                        continue; // arrived live before the drop
                    }
                    replayed.merge(k, 1, Integer::sum);
                    count++;
                    deliver(topic, payload);
                }
                if (!progressed || page.size() < REPLAY_PAGE) {
                    break;
                }
            }
            if (count > 0) {
                log.info("Replayed {} real-time messages from the stream that the subscription had not delivered", count);
            }
        }
        for (Live l : beforeFirstMark) {
            if (!take(replayed, key(l.topic(), l.payload()))) {
                deliver(l.topic(), l.payload());
            }
        }
        beforeFirstMark.clear();
    }

    private static boolean take(Map<String, Integer> multiset, String k) {
        Integer n = multiset.get(k);
        if (n == null) {
            return false;
        }
        if (n == 1) {
            multiset.remove(k);
        } else {
            multiset.put(k, n - 1);
        }
        return true;
    }

    private static String key(String topic, String payload) {
        return topic + '\n' + payload;
    }

    private void deliver(String topic, String payload) {
        try {
            handler.onMessage(topic, payload);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // A bad message must not stop the stream; the handler owns its errors.
            log.error("Real-time handler failed on a message of {}", topic, e);
        }
    }

    /** After the gap is closed: a FeatBit producer's messages (no stream) may still have been missed. */
    private void notifyReconnected() {
        try {
            handler.onReconnected();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            log.error("Real-time handler failed on reconnect", e);
        }
    }

    private void dropConnection() {
        StatefulRedisPubSubConnection<String, String> c = connection;
        connection = null;
        if (c != null) {
            try {
                c.closeAsync();
            } catch (RuntimeException e) {
                log.debug("Closing the subscription failed: {}", e.toString());
            }
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            if (!closed) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            t = worker;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(settings.closeTimeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dropConnection();
        client.shutdown();
    }
}
