package dev.veloflink.planner;

import dev.veloflink.connectors.kafka.KafkaSinkFactory;
import dev.veloflink.connectors.kafka.KafkaSourceFactory;
import dev.veloflink.dialect.diag.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §5.2: a source that would sample its schema from a topic another statement of the application writes takes
 * that statement's output schema. The planner matches the source's {@code sampledLocation} with the sinks'
 * {@code writtenLocation} and names no connector type (issue 15). No broker: nothing is sampled.
 */
class SampledLocationTest {
    @TempDir
    Path dir;

    @Test
    void aKafkaSourceReadingATopicTheApplicationWritesTakesTheWritersSchema() throws IOException {
        Files.writeString(dir.resolve("in.csv"), "id,name\n1,a\n");
        Path file = dir.resolve("app.sql");
        Files.writeString(file, """
                CREATE STREAM mid AS SELECT id, UPPER(name) AS name FROM src
                WITH ('src.type' = 'file_source', 'src.path' = './in.csv',
                      'mid.type' = 'kafka_sink', 'mid.topic' = 'middle', 'mid.bootstrap.servers' = '127.0.0.1:9');
                CREATE STREAM fin AS SELECT id, name FROM back
                WITH ('back.type' = 'kafka_source', 'back.topic' = 'middle', 'back.bootstrap.servers' = '127.0.0.1:9',
                      'fin.type' = 'file_sink', 'fin.path' = './out.csv');
                """);
        LoadedApplication app = ApplicationLoader.load(file);
        assertThat(app.diagnostics().stream().filter(Diagnostic::isError)).isEmpty();
        assertThat(app.explain()).contains("[the output of statement mid]");
    }

    @Test
    void aKafkaSourceSamplesTheTopicAKafkaSinkWritesOnlyOnTheSameServersAndWithoutColumns() {
        KafkaSourceFactory source = new KafkaSourceFactory();
        KafkaSinkFactory sink = new KafkaSinkFactory();
        Map<String, String> written = Map.of("topic", "middle", "bootstrap.servers", "127.0.0.1:9");
        assertThat(sink.writtenLocation("mid", written)).contains("kafka://127.0.0.1:9/middle");
        assertThat(source.sampledLocation("back", written)).isEqualTo(sink.writtenLocation("mid", written));
        // The original engine's topic.name, and a topic defaulting to the relation's name, are the same topic.
        assertThat(source.sampledLocation("back", Map.of("topic.name", "middle", "bootstrap.servers", "127.0.0.1:9")))
                .isEqualTo(sink.writtenLocation("middle", Map.of("bootstrap.servers", "127.0.0.1:9")));
        // Negative controls: other servers are another place; declared columns or an Avro schema sample nothing.
        assertThat(source.sampledLocation("back", Map.of("topic", "middle", "bootstrap.servers", "127.0.0.1:10")))
                .isNotEqualTo(sink.writtenLocation("mid", written));
        assertThat(source.sampledLocation("back", Map.of("topic", "middle", "columns", "id BIGINT")))
                .isEqualTo(Optional.empty());
        assertThat(source.sampledLocation("back", Map.of("topic", "middle", "value.format", "avro")))
                .isEqualTo(Optional.empty());
    }
}
