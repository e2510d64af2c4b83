package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.options.OptionReader;

import java.util.Map;

/**
 * A topic as a location that a kafka_sink writes and a kafka_source samples ({@code SourceFactory#sampledLocation}):
 * {@code kafka://<bootstrap servers>/<topic>}, read with the options both connectors read them with (the topic
 * defaulting to the relation's name, its {@code topic.name} spelling too; the servers defaulting to
 * {@value KafkaSourceOptions#DEFAULT_BOOTSTRAP_SERVERS}), spaces in the server list left out so that two spellings of
 * one list are one location.
 */
final class KafkaTopicLocation {
    private KafkaTopicLocation() {
    }

    /** @param keys the relation's keys, unprefixed */
    static String of(String name, Map<String, String> keys) {
        OptionReader reader = new OptionReader(KafkaSourceOptions.CONNECTOR, keys);
        String topic = reader.raw(KafkaSourceOptions.TOPIC).map(String::strip).filter(t -> !t.isEmpty())
                .orElse(name);
        String servers = reader.raw(KafkaSourceOptions.BOOTSTRAP_SERVERS).map(s -> s.replace(" ", ""))
                .filter(s -> !s.isEmpty()).orElse(KafkaSourceOptions.DEFAULT_BOOTSTRAP_SERVERS);
        return "kafka://" + servers + "/" + topic;
    }
}
