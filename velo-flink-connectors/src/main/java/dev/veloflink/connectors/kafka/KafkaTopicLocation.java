package dev.veloflink.connectors.kafka;

import java.util.Map;

/**
 * A topic as a location that a kafka_sink writes and a kafka_source samples ({@code SourceFactory#sampledLocation}):
 * {@code kafka://<bootstrap servers>/<topic>}, the topic defaulting to the relation's name and the servers to
 * {@value KafkaSourceOptions#DEFAULT_BOOTSTRAP_SERVERS}, as both connectors read them.
 */
final class KafkaTopicLocation {
    private KafkaTopicLocation() {
    }

    /** @param keys the relation's keys, unprefixed, lower case (the original engine's {@code topic.name} too) */
    static String of(String name, Map<String, String> keys) {
        String topic = keys.getOrDefault("topic", keys.getOrDefault("topic.name", "")).strip();
        String servers = keys.getOrDefault("bootstrap.servers", "").replace(" ", "");
        return "kafka://" + (servers.isEmpty() ? KafkaSourceOptions.DEFAULT_BOOTSTRAP_SERVERS : servers) + "/"
                + (topic.isEmpty() ? name : topic);
    }
}
