package dev.veloflink.bench.scenarios;

import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.Scenario;
import dev.veloflink.bench.baseline.SingleTextFile;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bulk load of a Kafka table: N customers as JSON messages in a topic, read by a {@code kafka_source} with
 * {@code key.fields} on the table side of a join (a Kafka table: bulk to the end offsets, then incremental), probed
 * by {@link FileTableLoad#PROBES} orders from a file; the joined rows go to a Kafka topic. A Kafka table never ends,
 * so each run is timed from RUNNING until its last joined row is in the output topic, then cancelled (the same for
 * the baseline, a bounded KafkaSource keyed into ValueState). The rows the harness counts are the table's.
 */
public final class KafkaTableLoad implements Scenario {
    /**
     * Velo checkpoints a job that reads an unbounded source (a Kafka table never ends) every 10 s by default, exactly
     * once (SPEC, {@code checkpoint.interval}); a run of this scenario lasts a few seconds, so the first checkpoint,
     * due at a random point of the first interval, snapshots the table's keyed state in some runs. A fair hand-written
     * job reading a Kafka table checkpoints too, so the baseline does the same, rather than velo being switched off.
     */
    static final long CHECKPOINT_INTERVAL_MS = 10_000;

    private final Map<String, Map<TopicPartition, Long>> runStart = new HashMap<>();

    @Override
    public String name() {
        return "kafka_table_load";
    }

    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        return new FlinkSql.NotExpressed("velo's Kafka table reads on after its bulk load, so its job never ends and "
                + "is timed until its output is complete; a Flink SQL version (a bounded Kafka source joined with the "
                + "orders) has not been written");
    }

    @Override
    public long defaultRows(boolean quick) {
        return quick ? 200_000 : 1_000_000;
    }

    @Override
    public boolean outputHasHeader() {
        return false;
    }

    @Override
    public long endlessOutputRows() {
        return FileTableLoad.PROBES;
    }

    String tableTopic() {
        return name() + "_customers";
    }

    /** Each side writes its own topic, named after its output file ({@code velo_out}, {@code flink_out}). */
    String outputTopic(Path output) {
        String file = output.getFileName().toString();
        return name() + "_" + file.substring(0, file.indexOf('.'));
    }

    @Override
    public long generateInput(Path inputDir, long rows) throws IOException {
        Path csv = inputDir.resolve("customers.tmp.csv");
        FileTableLoad.writeCustomers(csv, rows);
        Path json = inputDir.resolve("customers.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(json, StandardCharsets.UTF_8);
             var lines = Files.lines(csv, StandardCharsets.UTF_8)) {
            lines.skip(1).map(StreamTableJoin.Customer::fromCsv).forEach(c -> {
                try {
                    out.write("{\"customer_id\":" + c.customerId() + ",\"name\":\"" + c.name() + "\",\"tier\":\""
                            + c.tier() + "\"}\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Files.delete(csv);
        FileTableLoad.writeProbes(StreamTableJoin.orders(inputDir), rows);
        KafkaBenchBroker broker = KafkaBenchBroker.shared();
        broker.createTopic(tableTopic(), KafkaScenario.PARTITIONS);
        long produced = broker.produceLines(tableTopic(), KafkaScenario.PARTITIONS, json);
        Files.delete(json);
        return produced;
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        String bootstrap = bootstrap();
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("orders.type", "file_source");
        keys.put("orders.path", VeloApps.path(StreamTableJoin.orders(inputDir)));
        keys.put("orders.format", "csv");
        keys.put("orders.columns", "order_id BIGINT, customer_id BIGINT, amount DECIMAL(8,2)");
        keys.put("customers.type", "kafka_source");
        keys.put("customers.topic", tableTopic());
        keys.put("customers.bootstrap.servers", bootstrap);
        keys.put("customers.value.format", "json");
        keys.put("customers.columns", "customer_id BIGINT, name STRING, tier STRING");
        keys.put("customers.key.fields", "customer_id");
        keys.put("out.type", "kafka_sink");
        keys.put("out.topic", outputTopic(output));
        keys.put("out.bootstrap.servers", bootstrap);
        keys.put("out.value.format", "json");
        keys.put("out.delivery.guarantee", "at_least_once");
        return VeloApps.statement(name(), """
                SELECT o.order_id, o.customer_id, c.name AS customer_name, c.tier, o.amount
                FROM orders o
                JOIN customers c ON o.customer_id = c.customer_id""", keys);
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        // The same call velo makes (JobSettings): exactly-once checkpoints at the same interval.
        env.enableCheckpointing(CHECKPOINT_INTERVAL_MS);
        String bootstrap = bootstrap();
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(tableTopic())
                .setGroupId("bench-" + name() + "-flink")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        DataStream<StreamTableJoin.Customer> customers = env.fromSource(source, WatermarkStrategy.noWatermarks(),
                        "kafka " + tableTopic())
                .map(KafkaTableLoad::customerFromJson).returns(StreamTableJoin.Customer.class);
        DataStream<StreamTableJoin.Order> orders = SingleTextFile.lines(env, StreamTableJoin.orders(inputDir),
                        StreamTableJoin.ORDERS_HEADER)
                .map(StreamTableJoin.Order::fromCsv).returns(StreamTableJoin.Order.class).setParallelism(1);
        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(bootstrap)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic(outputTopic(output))
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .build();
        orders.keyBy(StreamTableJoin.Order::customerId, Types.LONG)
                .connect(customers.keyBy(StreamTableJoin.Customer::customerId, Types.LONG))
                .process(new StreamTableJoin.EnrichOrders()).returns(Types.STRING)
                .map(KafkaTableLoad::csvToJson).returns(Types.STRING)
                .sinkTo(sink).name("kafka " + outputTopic(output));
    }

    /** The generator's own JSON ({@code customer_id}, {@code name}, {@code tier}; names need no escaping). */
    static StreamTableJoin.Customer customerFromJson(String json) {
        int id = json.indexOf(':') + 1;
        int idEnd = json.indexOf(',', id);
        int name = json.indexOf(":\"", idEnd) + 2;
        int nameEnd = json.indexOf('"', name);
        int tier = json.indexOf(":\"", nameEnd) + 2;
        return new StreamTableJoin.Customer(Long.parseLong(json, id, idEnd, 10), json.substring(name, nameEnd),
                json.substring(tier, json.indexOf('"', tier)));
    }

    /** EnrichOrders' CSV line as the JSON velo's kafka_sink writes for the same row. */
    static String csvToJson(String csv) {
        String[] f = csv.split(",");
        return "{\"order_id\":" + f[0] + ",\"customer_id\":" + f[1] + ",\"customer_name\":\"" + f[2]
                + "\",\"tier\":\"" + f[3] + "\",\"amount\":" + f[4] + "}";
    }

    @Override
    public void beforeRun(Path output) throws IOException {
        KafkaBenchBroker broker = KafkaBenchBroker.shared();
        String topic = outputTopic(output);
        broker.createTopic(topic, KafkaScenario.PARTITIONS);
        runStart.put(topic, broker.endOffsets(topic, KafkaScenario.PARTITIONS));
    }

    @Override
    public long writtenRows(Path output) throws IOException {
        String topic = outputTopic(output);
        Map<TopicPartition, Long> start = runStart.get(topic);
        Map<TopicPartition, Long> end = KafkaBenchBroker.shared().endOffsets(topic, KafkaScenario.PARTITIONS);
        return end.entrySet().stream().mapToLong(e -> e.getValue() - start.get(e.getKey())).sum();
    }

    @Override
    public void afterRun(Path output) throws IOException {
        String topic = outputTopic(output);
        KafkaBenchBroker.shared().drainTo(topic, runStart.remove(topic), output);
    }

    private static String bootstrap() {
        try {
            return KafkaBenchBroker.shared().bootstrap();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
