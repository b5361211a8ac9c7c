package io.toggleworks.els.streaming;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Applies change messages to the in-memory environment and pushes a {@code patch} to that environment's
 * connections only (evaluation-server.md §3.7). The server-SDK patch is encoded once and shared by every server
 * connection (retained duplicates of one buffer); client connections get the flags evaluated for their own user.
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
        Collection<Connection> all = connections.of(env.envId());
        if (all.isEmpty() || (flags.isEmpty() && segments.isEmpty())) {
            return;
        }
        ByteBuf shared = null;
        try {
            for (Connection c : all) {
                if (c.type() == SdkType.CLIENT) {
                    continue;
                }
                if (shared == null) {
                    shared = Payloads.serverDataSync(ByteBufAllocator.DEFAULT, ServerSdkPayload.PATCH, flags, segments);
                }
                c.send(shared.retainedDuplicate());
                metrics.inc("els_change_pushes_total", "sdk_type", c.type().wire());
            }
        } finally {
            if (shared != null) {
                shared.release();
            }
        }
    }

    private void pushToClients(EnvironmentData env, List<FlagEntry> flags) {
        if (flags.isEmpty()) {
            return;
        }
        for (Connection c : connections.of(env.envId())) {
            if (c.type() != SdkType.CLIENT) {
                continue;
            }
            // Evaluated on the connection's own loop: spreads the work and keeps it ordered with its replies.
            c.channel().eventLoop().execute(() -> {
                Optional<EndUser> user = c.user();
                if (user.isEmpty()) {
                    log.debug("connection {}: no user attached yet, change not pushed", c.id());
                    return;
                }
                List<ClientSdkFlag> evaluated = DataSyncService.evaluate(env, flags, user.get());
                if (evaluated.isEmpty()) {
                    return;
                }
                c.send(Payloads.clientDataSync(ServerSdkPayload.PATCH, user.get().keyId(), evaluated));
                metrics.inc("els_change_pushes_total", "sdk_type", c.type().wire());
            });
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
