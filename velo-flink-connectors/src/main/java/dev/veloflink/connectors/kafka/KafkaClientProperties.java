package dev.veloflink.connectors.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The {@code kafka.*} keys (SPEC §5.5): passed to the Kafka client without the prefix, unchecked. */
final class KafkaClientProperties {
    static final String PREFIX = "kafka.";

    private KafkaClientProperties() {
    }

    /** The passthrough keys of a property map, prefix removed, sorted for stable descriptions. */
    static Map<String, String> passthrough(Map<String, String> keys) {
        Map<String, String> out = new TreeMap<>();
        keys.forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).startsWith(PREFIX) && k.length() > PREFIX.length()) {
                out.put(k.substring(PREFIX.length()), v);
            }
        });
        return Map.copyOf(out);
    }

    static Properties toProperties(String bootstrapServers, Map<String, String> passthrough) {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", bootstrapServers);
        props.putAll(passthrough);
        return props;
    }
}
