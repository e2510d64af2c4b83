package dev.veloflink.e2e.kafka;

import dev.veloflink.planner.LoadedApplication;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §5.3: an application whose sources and sinks are described only by config files in the original engine's
 * layout (sections, {@code consumer_config}, {@code producer_config}, {@code topic.name}, {@code
 * schema.value.serializer}, its field type names, deployment-only sections) runs unchanged against a real broker.
 */
class OriginalEngineConfigITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = VeloApps.miniCluster();

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    @Test
    void sectionedConfigFilesBindAKafkaSourceAndSink() throws Exception {
        kafka.createTopic("oe_trades", 1);
        kafka.createTopic("oe_big_trades", 1);
        kafka.produceValues("oe_trades", List.of(
                "{\"symbol\":\"AAPL\",\"qty\":3,\"px\":187.25,\"venue\":\"X\"}",
                "{\"symbol\":\"MSFT\",\"qty\":1,\"px\":402.10,\"venue\":\"Y\"}",
                "{\"symbol\":\"NVDA\",\"qty\":4000000000,\"px\":0.01,\"venue\":\"X\"}"));
        Files.createDirectories(dir.resolve("configs"));
        Files.writeString(dir.resolve("configs/common_kafka.yaml"), """
                datasource:
                  type: kafka
                  consumer_config:
                    bootstrap.servers: %s
                    auto.offset.reset: earliest
                performance_profile: low_latency
                metadata:
                  owner: trading
                  description: shared consumer settings
                """.formatted(kafka.bootstrap()));
        Files.writeString(dir.resolve("configs/trades_source.yaml"), """
                extends: common_kafka.yaml
                topic:
                  name: oe_trades
                schema:
                  value.serializer: json
                  key.format: string
                  fields:
                    - {name: symbol, type: string}
                    - {name: qty, type: integer}
                    - {name: px, type: decimal, precision: 12, scale: 4}
                    - {name: venue, type: string}
                """);
        Files.writeString(dir.resolve("configs/big_trades_sink.yaml"), """
                datasink:
                  type: kafka
                  producer_config:
                    bootstrap.servers: %s
                    acks: all
                  topic.name: oe_big_trades
                  schema.value.format: json
                  headers:
                    origin: trading-desk
                topic_config:
                  partitions: 3
                """.formatted(kafka.bootstrap()));

        LoadedApplication app = VeloApps.load(dir, "original_engine", """
                CREATE STREAM big_trades AS
                SELECT symbol, qty * 2 AS double_qty, px * qty AS notional
                FROM trades
                WHERE qty > 1
                WITH (
                    'trades.config_file' = 'configs/trades_source.yaml',
                    'trades.velo.bounded' = 'true',
                    'big_trades.config_file' = 'configs/big_trades_sink.yaml'
                );
                """);
        // Deployment-only sections are accepted silently (no W101) and the mapped keys are all known.
        assertThat(app.diagnostics()).extracting(d -> d.code() + " " + d.message()).isEmpty();
        // ... and explain lists them once, per relation.
        assertThat(app.explain()).containsOnlyOnce("config file of 'trades': deployment-only keys accepted and "
                + "ignored (SPEC §5.3): metadata.description, metadata.owner, performance_profile")
                .containsOnlyOnce("config file of 'big_trades': deployment-only keys accepted and ignored "
                        + "(SPEC §5.3): topic_config.partitions");
        VeloApps.run(app);

        List<ConsumerRecord<String, String>> out = kafka.readExactly("oe_big_trades", 2);
        // qty is the original engine's "integer", a BIGINT: 4,000,000,000 * 2 does not overflow.
        assertThat(out).allSatisfy(r -> assertThat(new String(r.headers().lastHeader("origin").value(),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("trading-desk"));
        assertThat(out).extracting(ConsumerRecord::value).containsExactly(
                "{\"symbol\":\"AAPL\",\"double_qty\":6,\"notional\":561.7500}",
                "{\"symbol\":\"NVDA\",\"double_qty\":8000000000,\"notional\":40000000.0000}");
    }
}
