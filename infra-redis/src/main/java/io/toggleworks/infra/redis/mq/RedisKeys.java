package io.toggleworks.infra.redis.mq;

/**
 * Every key and channel the Redis queue uses. Job lists and real-time channels carry the bare topic name, as
 * FeatBit's services expect; everything else is ours and sits next to them. {@code prefix} is empty in production
 * (tests set one to isolate a run); {@code channelPrefix} is StackExchange.Redis's {@code channelPrefix} option.
 */
record RedisKeys(String prefix, String channelPrefix) {

    /** The list FeatBit's services {@code RPUSH} to and FeatBit's API {@code LPOP}s from. */
    String jobList(String topic) {
        return prefix + topic;
    }

    /** Messages a consumer has taken and not yet acknowledged. */
    String processing(String topic, String consumerId) {
        return prefix + topic + ":processing:" + consumerId;
    }

    /** Ids of the consumers that may own a processing list. */
    String consumers(String topic) {
        return prefix + topic + ":consumers";
    }

    /** Exists while the consumer is alive (expires with its TTL). */
    String heartbeat(String topic, String consumerId) {
        return prefix + topic + ":consumer:" + consumerId;
    }

    /** The base from which the recovery script derives processing and heartbeat keys. */
    String topicBase(String topic) {
        return prefix + topic;
    }

    /** Delivery counts, keyed by SHA-1 of the payload (FeatBit's messages carry no id). */
    String deliveries(String topic) {
        return prefix + topic + ":deliveries";
    }

    /** Failed messages waiting for their retry time (sorted set, score = due epoch millis). */
    String retry(String topic) {
        return prefix + topic + ":retry";
    }

    /** Parked messages: JSON {@code {payload, error, deliveries, parkedAt}}. */
    String failed(String topic) {
        return prefix + topic + ":failed";
    }

    /** The pub/sub channel of a real-time topic, as FeatBit's {@code PSUBSCRIBE featbit-*-change} sees it. */
    String channel(String topic) {
        return channelPrefix + prefix + topic;
    }

    /** The topic of a channel name produced by {@link #channel}. */
    String topicOf(String channel) {
        String p = channelPrefix + prefix;
        return channel.startsWith(p) ? channel.substring(p.length()) : channel;
    }

    /** One stream for both real-time topics, so a replay keeps their relative order. */
    String realtimeStream() {
        return prefix + "toggleworks:realtime";
    }

    /** A real-time consumer's private channel for watermark marks. */
    String markChannel(String consumerId) {
        return channelPrefix + prefix + "toggleworks:realtime-mark:" + consumerId;
    }
}
