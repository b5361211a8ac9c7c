package io.toggleworks.els.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.core.wire.ClientSdkFlag;
import io.toggleworks.core.wire.ServerSdkPayload;
import io.toggleworks.core.wire.SegmentChangeMessage;
import io.toggleworks.els.data.EnvironmentData;
import io.toggleworks.els.data.EnvironmentRegistry;
import io.toggleworks.els.data.FlagEntry;
import io.toggleworks.els.data.ResyncListener;
import io.toggleworks.els.data.SegmentEntry;
import io.toggleworks.els.metrics.ElsMetrics;
import io.toggleworks.spi.mq.RealtimeConsumer;
import io.toggleworks.spi.mq.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applies change messages to the in-memory environment and pushes a {@code patch} to that environment's
 * connections only (evaluation-server.md §3.7). The server-SDK patch is encoded once as a complete WebSocket frame and
 * shared by every server connection (retained duplicates of one buffer); client connections get the flags evaluated
 * for their own user, once per distinct user. Each event loop writes all of its connections in one task.
 */
public final class ChangeFanout implements RealtimeConsumer.Handler, ResyncListener {
    private static final Logger log = LoggerFactory.getLogger(ChangeFanout.class);

    private final EnvironmentRegistry environments;
    private final ConnectionRegistry connections;
    private final Executor blocking;
    private final ElsMetrics metrics;
    private final Runnable resync;

    /** @param resync asks for a resync of every loaded environment (run after the queue reconnected) */
    public ChangeFanout(EnvironmentRegistry environments, ConnectionRegistry connections, Executor blocking, ElsMetrics metrics, Runnable resync) {
        this.environments = environments;
        this.connections = connections;
        this.blocking = blocking;
        this.metrics = metrics;
        this.resync = resync;
    }

    /**
     * Called by a queue provider after its real-time connection came back: messages may have been lost meanwhile
     * (Redis pub/sub and Kafka's latest offsets do not replay), so compare memory with the store at once.
     */
    @Override
    public void onReconnected() {
        log.info("real-time consumer reconnected; resyncing loaded environments");
        resync.run();
    }

    @Override
    public void onMessage(String topic, String jsonPayload) {
        try {
            switch (topic) {
                case Topics.FEATURE_FLAG_CHANGE -> onFlagChange(jsonPayload);
                case Topics.SEGMENT_CHANGE -> onSegmentChange(jsonPayload);
                default -> log.debug("ignored message on topic {}", topic);
            }
        } catch (RuntimeException e) {
            log.warn("invalid {} message ignored: {}", topic, e.toString());
        }
    }

    private void onFlagChange(String json) {
        FeatureFlag flag = Json.read(json, FeatureFlag.class);
        if (flag.id() == null || flag.envId() == null) {
            throw new IllegalArgumentException("flag without id or envId");
        }
        metrics.inc("els_changes_received_total", "source", "flag-change");
        // The document goes to server SDKs verbatim, as FeatBit forwards what it received.
        FlagEntry entry = new FlagEntry(flag, json.getBytes(StandardCharsets.UTF_8));
        Optional<EnvironmentData> env = environments.loadedOrLoading(flag.envId());
        if (env.isEmpty() || !env.get().upsert(entry) || environments.loaded(flag.envId()).isEmpty()) {
            return; // nobody here holds this environment, or the message is older than what we have
        }
        push(env.get(), List.of(entry), List.of(), List.of(entry));
    }

    private void onSegmentChange(String json) {
        JsonNode root = Json.tree(json);
        SegmentChangeMessage message = Json.mapper().treeToValue(root, SegmentChangeMessage.class);
        JsonNode segmentNode = property(root, "segment");
        Segment segment = message.segment();
        if (segment == null || segmentNode == null || segment.id() == null || segment.envId() == null) {
            throw new IllegalArgumentException("invalid segment change data");
        }
        metrics.inc("els_changes_received_total", "source", "segment-change");
        SegmentEntry entry = new SegmentEntry(segment, Json.writeBytes(segmentNode));
        UUID envId = segment.envId();
        Optional<EnvironmentData> pendingOrLoaded = environments.loadedOrLoading(envId);
        if (pendingOrLoaded.isEmpty()) {
            return;
        }
        boolean changed = pendingOrLoaded.get().upsert(entry);
        Optional<EnvironmentData> env = environments.loaded(envId);
        if (env.isEmpty()) {
            return;
        }
        if (changed) {
            pushToServers(env.get(), List.of(), List.of(entry));
        }
        if (message.affectedFlagIds().isEmpty() || !hasClients(envId)) {
            return;
        }
        // The API bumped these flags' updatedAt without a flag message: read them back, as FeatBit does.
        blocking.execute(() -> {
            List<FlagEntry> affected = new ArrayList<>();
            try {
                for (FeatureFlag f : environments.store().flagsByIds(message.affectedFlagIds())) {
                    if (envId.equals(f.envId())) {
                        FlagEntry e = FlagEntry.of(f);
                        env.get().upsert(e);
                        affected.add(env.get().flag(f.id()).orElse(e));
                    }
                }
            } catch (RuntimeException e) {
                metrics.inc("els_store_errors_total");
                log.warn("segment change in {}: affected flags could not be read: {}", envId, e.getMessage());
                return;
            }
            pushToClients(env.get(), affected);
        });
    }

    @Override
    public void onMissedChanges(EnvironmentData env, List<FlagEntry> flags, List<SegmentEntry> segments) {
        push(env, flags, segments, flags);
    }

    private void push(EnvironmentData env, List<FlagEntry> serverFlags, List<SegmentEntry> segments, List<FlagEntry> clientFlags) {
        pushToServers(env, serverFlags, segments);
        pushToClients(env, clientFlags);
    }

    private void pushToServers(EnvironmentData env, List<FlagEntry> flags, List<SegmentEntry> segments) {
        if (flags.isEmpty() && segments.isEmpty()) {
            return;
        }
        Map<EventLoop, List<Connection>> byLoop = byLoop(connections.of(env.envId()), SdkType.SERVER);
        if (byLoop.isEmpty()) {
            return;
        }
        // One frame (header and payload) for every server connection; each loop writes retained duplicates of it.
        ByteBuf frame = Payloads.serverDataSyncFrame(ByteBufAllocator.DEFAULT, ServerSdkPayload.PATCH, flags, segments);
        try {
            byLoop.forEach((loop, mine) -> {
                ByteBuf held = frame.retain();
                execute(loop, held::release, () -> {
                    try {
                        int relays = 0;
                        for (Connection c : mine) {
                            c.sendFrame(held.retainedDuplicate());
                            relays += c.type() == SdkType.RELAY_PROXY ? 1 : 0;
                        }
                        metrics.add("els_change_pushes_total", mine.size() - relays, "sdk_type", SdkType.SERVER.wire());
                        if (relays > 0) {
                            metrics.add("els_change_pushes_total", relays, "sdk_type", SdkType.RELAY_PROXY.wire());
                        }
                    } finally {
                        held.release();
                    }
                });
            });
        } finally {
            frame.release();
        }
    }

    private void pushToClients(EnvironmentData env, List<FlagEntry> flags) {
        if (flags.isEmpty()) {
            return;
        }
        Map<EventLoop, List<Connection>> byLoop = byLoop(connections.of(env.envId()), SdkType.CLIENT);
        if (byLoop.isEmpty()) {
            return;
        }
        ClientPatches patches = new ClientPatches(env, flags, byLoop.size());
        byLoop.forEach((loop, mine) -> execute(loop, patches::loopDone, () -> {
            // Evaluated on the connections' own loop: spreads the work and keeps it ordered with their replies.
            int sent = 0;
            try {
                for (Connection c : mine) {
                    Optional<EndUser> user = c.user();
                    if (user.isEmpty()) {
                        log.debug("connection {}: no user attached yet, change not pushed", c.id());
                        continue;
                    }
                    try {
                        ByteBuf frame = patches.frameFor(user.get());
                        if (frame != null) {
                            c.sendFrame(frame.retainedDuplicate());
                            sent++;
                        }
                    } catch (RuntimeException e) {
                        // One user's failure must not cost the loop's other connections their patch.
                        log.warn("connection {}: change not pushed: {}", c.id(), e.toString());
                    }
                }
            } finally {
                metrics.add("els_change_pushes_total", sent, "sdk_type", SdkType.CLIENT.wire());
                patches.loopDone();
            }
        }));
    }

    /**
     * One client patch, evaluated and encoded once per distinct user (key and properties) across all loops: many
     * connections often share a user (tabs, devices). The frames are released when the last loop is done.
     */
    private static final class ClientPatches {
        private static final ByteBuf NOTHING = Unpooled.EMPTY_BUFFER;
        private final EnvironmentData env;
        private final List<FlagEntry> flags;
        private final Map<EndUser, ByteBuf> frames = new ConcurrentHashMap<>();
        private final AtomicInteger loopsLeft;

        ClientPatches(EnvironmentData env, List<FlagEntry> flags, int loops) {
            this.env = env;
            this.flags = flags;
            this.loopsLeft = new AtomicInteger(loops);
        }

        /** The user's frame, or null when none of the flags could be evaluated for it (nothing is sent then). */
        ByteBuf frameFor(EndUser user) {
            ByteBuf frame = frames.computeIfAbsent(user, u -> {
                List<ClientSdkFlag> evaluated = DataSyncService.evaluate(env, flags, u);
                return evaluated.isEmpty() ? NOTHING
                        : Payloads.clientDataSyncFrame(ByteBufAllocator.DEFAULT, ServerSdkPayload.PATCH, u.keyId(), evaluated);
            });
            return frame == NOTHING ? null : frame;
        }

        void loopDone() {
            if (loopsLeft.decrementAndGet() == 0) {
                frames.values().forEach(ByteBuf::release);
                frames.clear();
            }
        }
    }

    /**
     * The wanted connections grouped by event loop: each loop then writes all of its own in one task, instead of one
     * cross-thread task (and wake-up) per connection.
     */
    private static Map<EventLoop, List<Connection>> byLoop(Collection<Connection> all, SdkType wanted) {
        Map<EventLoop, List<Connection>> byLoop = new HashMap<>();
        for (Connection c : all) {
            if ((wanted == SdkType.CLIENT) == (c.type() == SdkType.CLIENT)) {
                byLoop.computeIfAbsent(c.channel().eventLoop(), l -> new ArrayList<>()).add(c);
            }
        }
        return byLoop;
    }

    /** Runs {@code task} on {@code loop}; if the loop refuses it (shutting down), runs {@code onRejected} instead. */
    private static void execute(EventLoop loop, Runnable onRejected, Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            onRejected.run();
        }
    }

    private boolean hasClients(UUID envId) {
        for (Connection c : connections.of(envId)) {
            if (c.type() == SdkType.CLIENT) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode property(JsonNode object, String name) {
        for (var e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
