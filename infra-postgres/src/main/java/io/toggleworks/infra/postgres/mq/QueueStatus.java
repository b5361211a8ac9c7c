package io.toggleworks.infra.postgres.mq;

/**
 * FeatBit's {@code QueueMessageStatus} strings in {@code queue_messages.status}; exact spelling matters because a
 * FeatBit service may share the table. {@code Completed} exists in FeatBit but is never stored: done rows are deleted.
 */
final class QueueStatus {
    static final String PENDING = "Pending";
    static final String PROCESSING = "Processing";
    static final String FAILED = "Failed";
    /** A real-time message, announced by NOTIFY and kept only for replay after a listener reconnects. */
    static final String NOTIFIED = "Notified";

    private QueueStatus() {
    }
}
