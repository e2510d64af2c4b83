package dev.veloflink.planner;

import dev.veloflink.connectors.SinkFactory;
import dev.veloflink.connectors.SourceFactory;
import dev.veloflink.connectors.datagen.DatagenSourceFactory;
import dev.veloflink.connectors.file.FileSinkFactory;
import dev.veloflink.connectors.jdbc.JdbcSinkFactory;
import dev.veloflink.connectors.jdbc.JdbcSourceFactory;
import dev.veloflink.connectors.kafka.KafkaSinkFactory;
import dev.veloflink.connectors.kafka.KafkaSourceFactory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The source and sink types the planner knows, by their {@code type} values (SPEC §5.2). */
final class Connectors {
    private static final List<SourceFactory> SOURCES = List.of(new KafkaSourceFactory(), new DatagenSourceFactory(),
            new JdbcSourceFactory());
    private static final List<SinkFactory> SINKS = List.of(new FileSinkFactory(), new KafkaSinkFactory(),
            new JdbcSinkFactory());

    private Connectors() {
    }

    static Optional<SourceFactory> source(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return SOURCES.stream().filter(f -> f.types().contains(t)).findFirst();
    }

    static Optional<SinkFactory> sink(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return SINKS.stream().filter(f -> f.types().contains(t)).findFirst();
    }
}
