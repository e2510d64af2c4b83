package dev.veloflink.dialect.props;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Config files written for the original engine group their keys in sections ({@code datasource.consumer_config.*},
 * {@code datasink.producer_config.*}, {@code topic.name}, ...). SPEC §5.3 maps them, after flattening, onto this
 * dialect's keys; the mapped key then behaves exactly as if written so, and a key set both ways takes the plain form.
 * Deployment-only sections are accepted and ignored: they are returned separately, so that no W101 is raised for
 * them and {@code explain} can list them once.
 */
public final class OriginalEngineKeys {
    /** Which side of the statement the relation whose config file this is is bound on (§5.2). */
    public enum Side { SOURCE, SINK }

    /**
     * @param values  the translated keys: plain keys unchanged, mapped keys under their plain name
     * @param ignored the deployment-only keys that were dropped (§5.3's last row)
     */
    public record Translation(Map<String, PropertyValue> values, List<String> ignored) {
        public Translation {
            values = Map.copyOf(values);
            ignored = List.copyOf(ignored);
        }
    }

    /** Client properties that are also velo keys of a Kafka source or sink; any other one passes as {@code kafka.k}. */
    private static final Set<String> CONSUMER_KEYS_OF_VELO = Set.of("bootstrap.servers", "group.id",
            "auto.offset.reset");
    private static final Set<String> PRODUCER_KEYS_OF_VELO = Set.of("bootstrap.servers");

    private static final Map<String, String> EVENT_TIME = Map.of(
            "timestamp_field", "event.time.field",
            "watermark_strategy", "watermark.strategy",
            "allowed_lateness_ms", "late.data.allowed_lateness",
            "late_data_strategy", "late.data.strategy");

    private static final List<String> IGNORED_PREFIXES = List.of("metadata.", "topic_config.", "cache.",
            "delivery_profile", "processing.", "output.", "loading.");
    private static final Set<String> IGNORED_KEYS = Set.of("performance_profile", "table.name", "table.type",
            "table.mode", "table.storage");

    private OriginalEngineKeys() {
    }

    /** Translates the flattened keys of one relation's config file (with its parents merged in). */
    public static Translation translate(Map<String, PropertyValue> flattened, Side side) {
        Map<String, PropertyValue> plain = new LinkedHashMap<>();
        Map<String, PropertyValue> mapped = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (PropertyValue entry : flattened.values()) {
            String key = entry.key().toLowerCase(Locale.ROOT);
            if (isIgnored(key)) {
                ignored.add(entry.key());
                continue;
            }
            Mapping m = map(key, entry.value(), side);
            if (m == null) {
                plain.put(key, entry);
            } else if (m != Mapping.NONE) {
                mapped.put(m.key(), new PropertyValue(m.key(), m.value(), entry.origin(), entry.file(),
                        entry.keyRange(), entry.valueRange()));
            }
        }
        // A key set both ways takes the plain form.
        Map<String, PropertyValue> result = new LinkedHashMap<>(mapped);
        result.putAll(plain);
        // Sorted: a config file's keys come without their file order (YamlConfig keeps a plain map).
        ignored.sort(null);
        return new Translation(result, ignored);
    }

    private record Mapping(String key, String value) {
        /** A sectioned key whose meaning is already velo's behaviour: nothing to set. */
        static final Mapping NONE = new Mapping("", "");
    }

    private static boolean isIgnored(String key) {
        if (IGNORED_KEYS.contains(key) || key.contains(".performance.") || key.startsWith("performance.")) {
            return true;
        }
        for (String prefix : IGNORED_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The plain key and value a sectioned key means, or null when the key is not one of §5.3's sectioned keys. */
    private static Mapping map(String key, String value, Side side) {
        switch (key) {
            case "datasource.type", "datasink.type", "data_source.type" -> {
                return new Mapping("type", connectorType(value, side));
            }
            case "topic.name", "datasource.topic.name", "datasink.topic.name" -> {
                return new Mapping("topic", value);
            }
            case "consumer.group", "datasource.consumer.group" -> {
                return new Mapping("group.id", value);
            }
            case "data_source.path", "file.path" -> {
                return new Mapping("path", value);
            }
            case "data_source.format" -> {
                return new Mapping("format", value);
            }
            case "data_source.has_headers" -> {
                // Only "false" changes anything: a header row is the csv default.
                return value.trim().equalsIgnoreCase("false") ? new Mapping("format", "csv_no_header")
                        : new Mapping("has_headers", value);
            }
            case "table.primary_key" -> {
                return new Mapping("key.fields", value);
            }
            default -> {
                return mapSectioned(key, value, side);
            }
        }
    }

    private static Mapping mapSectioned(String key, String value, Side side) {
        String consumer = after(key, "datasource.consumer_config.", "consumer_config.");
        if (consumer != null) {
            return new Mapping(CONSUMER_KEYS_OF_VELO.contains(consumer) ? consumer : "kafka." + consumer, value);
        }
        String producer = after(key, "datasink.producer_config.", "producer_config.");
        if (producer != null) {
            return new Mapping(PRODUCER_KEYS_OF_VELO.contains(producer) ? producer : "kafka." + producer, value);
        }
        if (key.endsWith("schema.value.serializer") || key.endsWith("schema.value.format")) {
            return new Mapping("format", value);
        }
        if (key.endsWith("schema.key.format")) {
            // Velo reads and writes message keys as text (key.field, §5.5): the original engine's "string" key
            // format is that, and needs no key; any other key format stays visible, and is reported (W101).
            String format = value.trim().toLowerCase(Locale.ROOT);
            return format.equals("string") || format.equals("raw") ? Mapping.NONE : new Mapping("key.format", value);
        }
        String eventTime = after(key, "datasource.event_time_config.", "event_time_config.");
        if (eventTime != null && EVENT_TIME.containsKey(eventTime)) {
            String target = EVENT_TIME.get(eventTime);
            // The original engine gives the lateness as a number of milliseconds; §4.4 durations need a unit.
            String v = eventTime.equals("allowed_lateness_ms") && value.trim().matches("\\d+")
                    ? value.trim() + "ms" : value;
            return new Mapping(target, v);
        }
        String header = after(key, "datasink.headers.", "topic.headers.", "headers.");
        if (header != null && side == Side.SINK) {
            return new Mapping("header." + header, value);
        }
        return null;
    }

    private static String connectorType(String value, Side side) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "kafka" -> side == Side.SOURCE ? "kafka_source" : "kafka_sink";
            case "file" -> side == Side.SOURCE ? "file_source" : "file_sink";
            // Any other value (kafka_source, jdbc_sink, ...) is already a plain type, or wrong and reported as such.
            default -> value;
        };
    }

    private static String after(String key, String... prefixes) {
        for (String prefix : prefixes) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                return key.substring(prefix.length());
            }
        }
        return null;
    }
}
