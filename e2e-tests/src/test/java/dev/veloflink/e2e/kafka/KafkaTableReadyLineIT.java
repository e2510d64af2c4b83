package dev.veloflink.e2e.kafka;

import dev.veloflink.e2e.VeloProcess;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19 item 8 as a user meets it: {@code velo run} (its own JVM, no {@code --metrics-port}) joining a stream with
 * a Kafka table of three partitions read at parallelism 2. The table-ready line gives the table's real row count
 * (it said {@code 0 rows, 0 B}: a reader that had not been handed its partitions yet reported its bulk phase as over),
 * and the load percentage never goes backwards.
 */
@Timeout(value = 300)
class KafkaTableReadyLineIT {
    private static final int CUSTOMERS = 30_000;
    private static final int PARTITIONS = 3;
    private static final Pattern PERCENT = Pattern.compile("(?m)^velo: table 'customers' loading .*, (\\d+)%");

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    @Test
    void theReadyLineCountsEveryRowOfAKafkaTableAndProgressNeverGoesBack() throws Exception {
        kafka.createTopic("customers", PARTITIONS);
        try (KafkaProducer<String, String> producer = kafka.producer()) {
            for (int i = 0; i < CUSTOMERS; i++) {
                producer.send(new ProducerRecord<>("customers", i % PARTITIONS, "C" + i,
                        "{\"id\":\"C" + i + "\",\"name\":\"Customer " + i + "\"}"));
            }
            producer.flush();
        }
        Files.writeString(dir.resolve("orders.csv"), "order_id,customer_id\n1,C1\n2,C29999\n");
        Files.writeString(dir.resolve("app.sql"), """
                -- @app: ready_line
                CREATE STREAM enriched AS
                SELECT o.order_id, c.name
                FROM orders o JOIN customers c ON o.customer_id = c.id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'customers.type' = 'kafka_source', 'customers.topic' = 'customers',
                      'customers.bootstrap.servers' = '%s', 'customers.value.format' = 'json',
                      'customers.topic.wait.timeout' = '60s',
                      'customers.columns' = 'id STRING, name STRING', 'customers.key.fields' = 'id',
                      'enriched.type' = 'file_sink', 'enriched.path' = './output/enriched.csv',
                      'enriched.format' = 'csv');
                """.formatted(kafka.bootstrap()));

        try (VeloProcess velo = VeloProcess.start(dir, "run", "--fresh", "--parallelism", "2", "app.sql")) {
            Path output = dir.resolve("output/enriched.csv");
            velo.awaitWhileRunning("both orders joined", Duration.ofSeconds(180),
                    () -> Files.exists(output) && lines(output).size() == 3);
            velo.awaitWhileRunning("the ready line", Duration.ofSeconds(30),
                    () -> velo.log().contains("velo: table 'customers' ready: "));
            String log = velo.log();
            assertThat(log).as(log).containsPattern(
                    "(?m)^velo: table 'customers' ready: " + CUSTOMERS + " rows, [0-9.]+ [KM]iB in \\d+\\.\\ds$");
            List<Integer> percents = new ArrayList<>();
            Matcher percent = PERCENT.matcher(log);
            while (percent.find()) {
                percents.add(Integer.parseInt(percent.group(1)));
            }
            assertThat(percents).as("load percentages in order").isSorted();
            assertThat(lines(output)).containsExactly("order_id,name", "1,Customer 1", "2,Customer 29999");
            velo.interrupt();
            assertThat(velo.awaitExit(Duration.ofSeconds(60))).as(velo.log()).isZero();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException racedWithTheWriter) {
            return List.of();
        }
    }
}
