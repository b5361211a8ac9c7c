package io.toggleworks.infra.kafka.mq;

import io.toggleworks.spi.mq.Topics;

import java.util.List;
import java.util.stream.Stream;

/** The Kafka topics this provider uses: FeatBit's five plus one parked topic per job topic (ours). */
final class KafkaTopics {
    /** Header carrying {@code <producer id>:<sequence>} on real-time messages, for ordering across partitions. */
    static final String SEQUENCE_HEADER = "toggleworks-seq";
    static final String PARKED_PREFIX = "toggleworks.parked.";

    private KafkaTopics() {
    }

    static String parked(String jobTopic) {
        return PARKED_PREFIX + jobTopic;
    }

    static List<String> realtime() {
        return List.of(Topics.FEATURE_FLAG_CHANGE, Topics.SEGMENT_CHANGE);
    }

    static List<String> jobs() {
        return List.of(Topics.END_USERS, Topics.INSIGHTS, Topics.USAGE);
    }

    static List<String> parkedTopics() {
        return jobs().stream().map(KafkaTopics::parked).toList();
    }

    /** Every topic created at start. */
    static List<String> all() {
        return Stream.of(realtime(), jobs(), parkedTopics()).flatMap(List::stream).toList();
    }
}
