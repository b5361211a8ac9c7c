package io.toggleworks.els.streaming;

import io.netty.buffer.ByteBuf;
import io.toggleworks.core.enduser.EndUser;
import io.toggleworks.core.evaluation.SegmentLookup;
import io.toggleworks.core.wire.ClientSdkFlag;
import io.toggleworks.core.wire.DataSyncRequest;
import io.toggleworks.core.wire.ServerSdkPayload;
import io.toggleworks.els.data.EnvironmentData;
import io.toggleworks.els.data.EnvironmentRegistry;
import io.toggleworks.els.data.FlagEntry;
import io.toggleworks.els.evaluation.FlagEvaluation;
import io.toggleworks.els.insights.InsightTracker;
import io.toggleworks.els.metrics.ElsMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Answers {@code data-sync} requests (evaluation-server.md §3.4, §3.5): server SDKs get the raw flags and segments
 * changed after their cursor, client SDKs those flags evaluated for their user. An empty patch is still answered,
 * since SDKs wait for it to mark themselves ready.
 */
public final class DataSyncService {
    private static final Logger log = LoggerFactory.getLogger(DataSyncService.class);

    private final EnvironmentRegistry environments;
    private final InsightTracker insights;
    private final Executor blocking;
    private final ElsMetrics metrics;

    public DataSyncService(EnvironmentRegistry environments, InsightTracker insights, Executor blocking, ElsMetrics metrics) {
        this.environments = environments;
        this.insights = insights;
        this.blocking = blocking;
        this.metrics = metrics;
    }

    /** Called on the connection's event loop; the reply is written from that loop too. */
    void handle(Connection c, JsonNode data) {
        long started = System.nanoTime();
        DataSyncRequest request;
        try {
            request = DataSyncRequest.from(data);
        } catch (RuntimeException e) {
            metrics.inc("els_messages_ignored_total", "reason", "malformed");
            log.info("connection {}: malformed data-sync ignored: {}", c.id(), e.getMessage());
            return;
        }
        EndUser user = null;
        if (c.type() == SdkType.CLIENT) {
            user = request.user().orElse(null);
            if (user == null || user.keyId() == null || user.keyId().isBlank()) {
                metrics.inc("els_messages_ignored_total", "reason", "invalid_user");
                log.info("connection {}: client data-sync without a valid user ignored", c.id());
                return;
            }
            c.attach(user);
            // Queued from the loop when the buffer has room (the usual case); only a full buffer, where publishing
            // may wait, goes through a blocking thread.
            if (!insights.tryPublishEndUser(c.envId(), user)) {
                EndUser published = user;
                try {
                    blocking.execute(() -> insights.publishEndUser(c.envId(), published));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    log.debug("shutting down: end user of connection {} not published", c.id());
                }
            }
        }
        EndUser requester = user; // the reply is for the user of this request, even if another one is attached by then
        environments.get(c.envId()).whenCompleteAsync((env, error) -> {
            if (error != null) {
                // FeatBit sends nothing either; the SDK's next data-sync (or reconnect) retries.
                log.warn("connection {}: data-sync not answered, environment unavailable: {}", c.id(), error.getMessage());
                return;
            }
            ByteBuf reply = c.type() == SdkType.CLIENT
                    ? Payloads.clientDataSyncFrame(c.channel().alloc(), ServerSdkPayload.eventType(request.timestamp()), requester.keyId(),
                            evaluate(env, env.flagsAfter(request.timestamp()), requester))
                    : Payloads.serverDataSyncFrame(c.channel().alloc(), ServerSdkPayload.eventType(request.timestamp()),
                            env.flagsAfter(request.timestamp()), env.segmentsAfter(request.timestamp()));
            c.sendFrame(reply);
            metrics.inc("els_messages_out_total", "message_type", "data-sync");
            metrics.observeSeconds("els_data_sync_seconds", (System.nanoTime() - started) / 1e9, "sdk_type", c.type().wire());
        }, c.channel().eventLoop());
    }

    public static ByteBuf clientReply(EnvironmentData env, EndUser user, long timestamp) {
        return Payloads.clientDataSync(ServerSdkPayload.eventType(timestamp), user.keyId(), evaluate(env, env.flagsAfter(timestamp), user));
    }

    /** Evaluates {@code flags} for {@code user}; flags that cannot be evaluated are left out (and logged). */
    public static List<ClientSdkFlag> evaluate(EnvironmentData env, Collection<FlagEntry> flags, EndUser user) {
        SegmentLookup segments = FlagEvaluation.segmentsOf(env);
        List<ClientSdkFlag> out = new ArrayList<>(flags.size());
        for (FlagEntry f : flags) {
            FlagEvaluation.clientFlag(f.flag(), user, segments).ifPresent(out::add);
        }
        return out;
    }
}
