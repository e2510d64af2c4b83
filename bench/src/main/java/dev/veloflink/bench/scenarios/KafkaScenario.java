package dev.veloflink.bench.scenarios;

import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.Scenario;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka to Kafka: an input topic filled once with JSON readings, read by the velo application (a bounded
 * {@code kafka_source}, a {@code kafka_sink}) and by a hand-written DataStream job on the same flink-connector-kafka
 * KafkaSource and KafkaSink, each writing its own output topic. After each run the run's output messages are copied
 * into the output file the bench compares (count and order-independent checksum), and removed from the topic.
 */
abstract class KafkaScenario implements Scenario {
    /** Two partitions, so parallelism 2 has a split per reader. */
    static final int PARTITIONS = 2;

    /** End offsets of an output topic before the run that is about to write it, by topic. */
    private final Map<String, Map<TopicPartition, Long>> runStart = new HashMap<>();

    String inputTopic() {
        return name() + "_in";
    }

    /** Each side writes its own topic, named after its output file ({@code velo_out}, {@code flink_out}). */
    String outputTopic(Path output) {
        String file = output.getFileName().toString();
        int dot = file.indexOf('.');
        return name() + "_" + (dot < 0 ? file : file.substring(0, dot));
    }

    /** The velo application's select over {@code readings}, writing {@code out}. */
    abstract String select();

    /** The baseline's work between the KafkaSource's values and the KafkaSink's. */
    abstract DataStream<String> transform(DataStream<String> values);

    /** The columns {@link #select} writes, as a column list. */
    String outputColumns() {
        return Reading.COLUMNS;
    }

    /**
     * The same select on Flink's Kafka SQL connector: the input topic read from its earliest to its latest offsets at
     * the job's start (bounded, as velo's {@code velo.bounded} source and the baseline's KafkaSource), json values in
     * and out, at least once, into the side's own output topic, which {@link #afterRun} copies out as for the others.
     */
    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        String bootstrap = bootstrap();
        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector", "kafka");
        source.put("topic", inputTopic());
        source.put("properties.bootstrap.servers", bootstrap);
        source.put("properties.group.id", "bench-" + name() + "-flinksql");
        source.put("scan.startup.mode", "earliest-offset");
        source.put("scan.bounded.mode", "latest-offset");
        source.put("format", "json");
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector", "kafka");
        sink.put("topic", outputTopic(Path.of(FlinkSql.SINK)));
        sink.put("properties.bootstrap.servers", bootstrap);
        sink.put("format", "json");
        sink.put("sink.delivery-guarantee", "at-least-once");
        return new FlinkSql.Expressed(List.of("CREATE TABLE readings (\n  " + Reading.COLUMNS + "\n) WITH (\n  "
                + FlinkSql.options(source) + "\n)"), select(), FlinkSql.columns(outputColumns()),
                FlinkSql.OutputForm.JSON_LINES, List.of(), sink);
    }

    @Override
    public long defaultRows(boolean quick) {
        return quick ? 300_000 : 3_000_000;
    }

    @Override
    public boolean outputHasHeader() {
        return false;
    }

    @Override
    public long generateInput(Path inputDir, long rows) throws IOException {
        Path lines = inputDir.resolve("readings.jsonl");
        Reading.write(lines, rows, true);
        KafkaBenchBroker broker = KafkaBenchBroker.shared();
        broker.createTopic(inputTopic(), PARTITIONS);
        long produced = produce(broker, lines);
        Files.delete(lines);
        return produced;
    }

    /** Writes the input lines to the input topic: round-robin over its partitions, unless a scenario needs more. */
    long produce(KafkaBenchBroker broker, Path lines) throws IOException {
        return broker.produceLines(inputTopic(), PARTITIONS, lines);
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        String bootstrap = bootstrap();
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("readings.type", "kafka_source");
        keys.put("readings.topic", inputTopic());
        keys.put("readings.bootstrap.servers", bootstrap);
        keys.put("readings.value.format", "json");
        keys.put("readings.columns", Reading.COLUMNS);
        keys.put("readings.auto.offset.reset", "earliest");
        keys.put("readings.velo.bounded", "true");
        keys.put("out.type", "kafka_sink");
        keys.put("out.topic", outputTopic(output));
        keys.put("out.bootstrap.servers", bootstrap);
        keys.put("out.value.format", "json");
        keys.put("out.delivery.guarantee", "at_least_once");
        return VeloApps.statement(name(), select(), keys);
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        transform(baselineSource(env)).sinkTo(baselineSink(output, null)).name("kafka " + outputTopic(output));
    }

    /** The baseline's input: the JSON values of the input topic, up to its end at the job's start. */
    DataStream<String> baselineSource(StreamExecutionEnvironment env) {
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrap())
                .setTopics(inputTopic())
                .setGroupId("bench-" + name() + "-flink")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka " + inputTopic());
    }

    /** The baseline's output topic for {@code output}, with the message key {@code keys} makes (null: no key). */
    KafkaSink<String> baselineSink(Path output, SerializationSchema<String> keys) {
        var records = KafkaRecordSerializationSchema.<String>builder()
                .setTopic(outputTopic(output))
                .setValueSerializationSchema(new SimpleStringSchema());
        if (keys != null) {
            records.setKeySerializationSchema(keys);
        }
        return KafkaSink.<String>builder()
                .setBootstrapServers(bootstrap())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(records.build())
                .build();
    }

    @Override
    public void beforeRun(Path output) throws IOException {
        KafkaBenchBroker broker = KafkaBenchBroker.shared();
        String topic = outputTopic(output);
        broker.createTopic(topic, PARTITIONS);
        runStart.put(topic, broker.endOffsets(topic, PARTITIONS));
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
