package io.toggleworks.api.messaging;

import io.toggleworks.core.flag.FeatureFlag;
import io.toggleworks.core.json.Json;
import io.toggleworks.core.segment.Segment;
import io.toggleworks.core.wire.SegmentChangeMessage;
import io.toggleworks.spi.mq.MessageQueue;
import io.toggleworks.spi.mq.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;
import java.util.UUID;

/**
 * Tells the Evaluation Servers about flag and segment changes (api.md §5.1-5.2). Called inside the transaction that
 * makes the change; the cache write and the message happen only after that transaction commits, so a rolled-back
 * change is never announced. Documents are serialized with core's {@link Json} (FeatBit's Web conventions), exactly
 * the shapes of evaluation-server.md §4.1-4.2. Publishing is best effort, as in FeatBit: a failure is logged.
 */
@Component
public class ChangePublisher {
    private static final Logger log = LoggerFactory.getLogger(ChangePublisher.class);

    private final MessageQueue queue;
    private final CacheWriter cache;

    public ChangePublisher(MessageQueue queue, ObjectProvider<CacheWriter> cache) {
        this.queue = queue;
        this.cache = cache.getIfAvailable(() -> CacheWriter.NONE);
    }

    /** After commit: cache upsert, then {@code featbit-feature-flag-change} with the whole flag. */
    public void flagChanged(FeatureFlag flag) {
        afterCommit(() -> {
            cached(() -> cache.upsertFlag(flag));
            queue.producer().publish(Topics.FEATURE_FLAG_CHANGE, Json.write(flag));
        });
    }

    /** After commit: cache delete. FeatBit publishes no message (the flag was archived before, which was published). */
    public void flagDeleted(UUID envId, UUID flagId) {
        afterCommit(() -> cached(() -> cache.deleteFlag(envId, flagId)));
    }

    /**
     * After commit: cache upsert of the segment, then one {@code featbit-segment-change} per environment, with the
     * segment in its environment-specific form for that environment and the flags whose evaluation may change there.
     */
    public void segmentChanged(Segment segment, List<EnvFlags> perEnv) {
        afterCommit(() -> {
            cached(() -> cache.upsertSegment(segment, perEnv.stream().map(EnvFlags::envId).toList()));
            for (EnvFlags env : perEnv) {
                for (FeatureFlag flag : env.touchedFlags()) {
                    cached(() -> cache.upsertFlag(flag));
                }
                SegmentChangeMessage message = new SegmentChangeMessage(segment.withEnvId(env.envId()),
                        env.touchedFlags().stream().map(FeatureFlag::id).toList());
                queue.producer().publish(Topics.SEGMENT_CHANGE, Json.write(message));
            }
        });
    }

    public void segmentDeleted(UUID segmentId, List<UUID> envIds) {
        afterCommit(() -> cached(() -> cache.deleteSegment(segmentId, envIds)));
    }

    /** An environment a segment applies to, with the flags there that reference it and were bumped. */
    public record EnvFlags(UUID envId, List<FeatureFlag> touchedFlags) {
        public EnvFlags {
            touchedFlags = List.copyOf(touchedFlags);
        }
    }

    /** A cache write that fails must not stop the change message: the ELS also learns from the message itself. */
    private static void cached(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            log.error("Could not write a change to the ELS cache: {}", e.toString(), e);
        }
    }

    private void afterCommit(Runnable action) {
        Runnable safe = () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("Could not announce a change to the Evaluation Servers: {}", e.toString(), e);
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    safe.run();
                }
            });
        } else {
            safe.run();
        }
    }
}
