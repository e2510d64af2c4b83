package dev.veloflink.planner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 19 item 10 (in part): a Kafka option error is one diagnostic with one code, the connector's own. */
class KafkaValidateTest {
    @TempDir
    Path dir;

    @Test
    void aConnectorsOwnCodeIsTheDiagnosticsCodeAndNotRepeated() throws Exception {
        Path csv = dir.resolve("csv.sql");
        Files.writeString(csv, """
                CREATE STREAM out AS SELECT * FROM orders
                WITH ('orders.type' = 'kafka_source', 'orders.value.format' = 'csv',
                      'out.type' = 'file_sink', 'out.path' = './out.csv');
                """);
        assertThat(PlannerTestApps.errors(csv)).containsExactly("E404 kafka_source 'orders': cannot infer the schema "
                + "of a csv topic; set 'orders.columns'");

        Path format = dir.resolve("format.sql");
        Files.writeString(format, """
                CREATE STREAM out AS SELECT * FROM orders
                WITH ('orders.type' = 'kafka_source', 'orders.value.format' = 'xml', 'orders.columns' = 'id BIGINT',
                      'out.type' = 'file_sink', 'out.path' = './out.csv');
                """);
        assertThat(PlannerTestApps.errors(format)).singleElement().asString()
                .startsWith("E401 invalid value 'xml' for kafka_source key 'value.format'");
    }
}
