package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.decode.BadRecordFailure;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.metrics.VeloLabels;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.DoublePredicate;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * kafka_source -> (DataStream filter/projection) -> kafka_sink on a real MiniCluster against a real in-process KRaft
 * broker, started once for the class. Sources run bounded ({@code velo.bounded}) so each job ends by itself. Also
 * (issue 19 item 9) the consumer lag gauge, read through a metric reporter of the MiniCluster as velo's coordinator
 * reads it, and what waiting for a missing topic prints.
 */
class KafkaPipelineTest {
    private static final Path BASE = Path.of(".");

    /** The lag gauges the MiniCluster's reporter saw, by their labels (test-only state: one JVM, one cluster). */
    private static final Map<Map<String, String>, Gauge<?>> LAG = new ConcurrentHashMap<>();
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(reporterConfiguration()).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
            .build());

    private static KafkaClusterTestKit kafka;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0").build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        bootstrap = kafka.bootstrapServers();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void passesAJsonTopicThroughToATopicWithAnInferredSchema() throws Exception {
        createTopic("pass_in");
        createTopic("pass_out");
        produce("pass_in", List.of(
                "{\"id\":1,\"amount\":12.50,\"customer\":\"ann\"}",
                "{\"id\":2,\"amount\":7.25,\"customer\":\"bob\"}",
                "{\"id\":3,\"amount\":100.00,\"customer\":null}"));

        KafkaSourceProvider source = new KafkaSourceFactory().create("pass_job", "pass_in",
                sourceKeys("pass_in"), BASE, ErrorStrategy.SKIP);
        assertThat(source.schemaOrigin()).isEqualTo("inferred from 3 rows of pass_in");
        assertThat(source.schema().columns()).containsExactly(new Column("id", Types.INTEGER),
                new Column("amount", Types.decimal(38, 2)), new Column("customer", Types.STRING));

        KafkaSinkFactory.SinkProvider sink = new KafkaSinkFactory().create("pass_job", "pass_out",
                Map.of("topic", "pass_out", "bootstrap.servers", bootstrap), BASE, source.schema(), List.of());
        StreamExecutionEnvironment env = env();
        sink.attach(schemaColumns(source.build(env), source.schema()), "sink pass_out");
        env.execute("pass");

        List<ConsumerRecord<String, String>> out = readAll("pass_out", 3, false);
        assertThat(out).extracting(ConsumerRecord::value).containsExactly(
                "{\"id\":1,\"amount\":12.50,\"customer\":\"ann\"}",
                "{\"id\":2,\"amount\":7.25,\"customer\":\"bob\"}",
                "{\"id\":3,\"amount\":100.00,\"customer\":null}");
        assertThat(out).extracting(ConsumerRecord::key).containsOnlyNulls();
    }

    @Test
    void filtersProjectsAndKeysOnACompoundOutputKey() throws Exception {
        createTopic("fp_in");
        createTopic("fp_out");
        produce("fp_in", List.of(
                "{\"region\":\"eu|west\",\"id\":1,\"amount\":5,\"note\":\"x\"}",
                "{\"region\":\"us\",\"id\":2,\"amount\":50,\"note\":\"y\"}",
                "{\"region\":\"a\\\\b\",\"id\":3,\"amount\":70,\"note\":\"z\"}"));
        Map<String, String> keys = sourceKeys("fp_in");
        keys.put("columns", "region STRING, id BIGINT, amount INTEGER, note STRING");
        KafkaSourceProvider source = new KafkaSourceFactory().create("fp_job", "fp_in", keys, BASE,
                ErrorStrategy.SKIP);
        assertThat(source.schemaOrigin()).isEqualTo("columns");

        // SELECT id, region, amount FROM fp_in WHERE amount > 10, keyed on (region, id).
        Schema out = new Schema(List.of(new Column("id", Types.BIGINT), new Column("region", Types.STRING),
                new Column("amount", Types.INTEGER)));
        KafkaSinkProvider sink = new KafkaSinkFactory().create("fp_job", "fp_out",
                Map.of("topic", "fp_out", "bootstrap.servers", bootstrap), BASE, out, List.of(1, 0));
        assertThat(sink.describe()).contains("topic 'fp_out'", "value.format json", "key region|id",
                "delivery.guarantee at_least_once");
        StreamExecutionEnvironment env = env();
        DataStream<Row> rows = source.build(env).filter(r -> (Integer) r.getField(2) > 10)
                .map(r -> Row.of(r.getField(1), r.getField(0), r.getField(2))).returns(rowType(out));
        sink.attach(rows, "sink fp_out");
        env.execute("fp");

        List<ConsumerRecord<String, String>> records = readAll("fp_out", 2, false);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("us|2", "a\\\\b|3");
        assertThat(records).extracting(ConsumerRecord::value).containsExactly(
                "{\"id\":2,\"region\":\"us\",\"amount\":50}", "{\"id\":3,\"region\":\"a\\\\b\",\"amount\":70}");
    }

    @Test
    void writesTombstonesForDeletionsAndDropsUpdateBefore() throws Exception {
        createTopic("tomb_out");
        Schema out = new Schema(List.of(new Column("k", Types.STRING), new Column("n", Types.INTEGER)));
        KafkaSinkProvider sink = new KafkaSinkFactory().create("tomb_job", "tomb_out",
                Map.of("bootstrap.servers", bootstrap, "key.field", "k"), BASE, out, List.of());
        StreamExecutionEnvironment env = env();
        DataStream<Row> rows = env.fromData(List.of(
                Row.ofKind(RowKind.INSERT, "a|1", 1),
                Row.ofKind(RowKind.UPDATE_BEFORE, "a|1", 1),
                Row.ofKind(RowKind.UPDATE_AFTER, "a|1", 2),
                Row.ofKind(RowKind.DELETE, "a|1", 2)), rowType(out));
        sink.attach(rows, "sink tomb_out");
        env.execute("tomb");

        List<ConsumerRecord<String, String>> records = readAll("tomb_out", 3, false);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("a\\|1", "a\\|1", "a\\|1");
        assertThat(records).extracting(ConsumerRecord::value).containsExactly(
                "{\"k\":\"a|1\",\"n\":1}", "{\"k\":\"a|1\",\"n\":2}", null);
    }

    @Test
    void skipsCountsAndDeadLettersMalformedMessages() throws Exception {
        createTopic("bad_in");
        produce("bad_in", List.of("{\"id\":1}", "{\"id\":", "{\"id\":\"x\"}", "{\"id\":4}"));
        Map<String, String> keys = sourceKeys("bad_in");
        keys.put("columns", "id INTEGER");

        KafkaSourceProvider skipping = new KafkaSourceFactory().create("bad_skip", "bad_in", keys, BASE,
                ErrorStrategy.SKIP);
        StreamExecutionEnvironment env = env();
        CloseableIterator<Row> kept = skipping.build(env).collectAsync();
        JobExecutionResult skipped = env.execute("skip");
        assertThat(drain(kept)).extracting(r -> r.getField(0)).containsExactly(1, 4);
        assertThat(skippedCount(skipped, "bad_skip", "decode_error")).isEqualTo(1L);
        assertThat(skippedCount(skipped, "bad_skip", "type_error")).isEqualTo(1L);

        KafkaSourceProvider deadLettering = new KafkaSourceFactory().create("bad_dl", "bad_in", keys, BASE,
                ErrorStrategy.DEAD_LETTER);
        StreamExecutionEnvironment env2 = env();
        SingleOutputStreamOperator<Row> decoded = deadLettering.build(env2);
        CloseableIterator<Row> good = decoded.collectAsync();
        CloseableIterator<String> letters = decoded.getSideOutput(RecordDecoder.DEAD_LETTERS).collectAsync();
        JobExecutionResult done = env2.execute("dead letters");
        assertThat(drain(good)).hasSize(2);
        List<String> deadLetters = drain(letters);
        assertThat(deadLetters).hasSize(2);
        assertThat(deadLetters.get(0)).startsWith("{\"statement\":\"bad_dl\",\"source\":\"bad_in\","
                + "\"position\":\"bad_in/0@1\",\"reason\":\"decode_error\",\"message\":\"malformed JSON")
                .endsWith(",\"record\":\"{\\\"id\\\":\"}");
        assertThat(deadLetters.get(1)).contains("\"position\":\"bad_in/0@2\",\"reason\":\"type_error\"")
                .endsWith(",\"record\":\"{\\\"id\\\":\\\"x\\\"}\"}");
        assertThat(skippedCount(done, "bad_dl", "decode_error")).isEqualTo(1L);
    }

    private static Long skippedCount(JobExecutionResult result, String statement, String reason) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("statement", statement);
        labels.put("source", "bad_in");
        labels.put("reason", reason);
        return result.getAccumulatorResult(VeloCounters.sampleName(RecordDecoder.RECORDS_SKIPPED, labels));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> out = new ArrayList<>();
        try (it) {
            it.forEachRemaining(v -> out.add(v instanceof Row r ? (T) Row.copy(r) : v));
        }
        return out;
    }

    @Test
    void failsTheJobWithE503NamingTopicPartitionAndOffset() throws Exception {
        createTopic("fail_in");
        produce("fail_in", List.of("{\"id\":1}", "not json"));
        Map<String, String> keys = sourceKeys("fail_in");
        keys.put("columns", "id INTEGER");
        KafkaSourceProvider source = new KafkaSourceFactory().create("fail_job", "fail_in", keys, BASE,
                ErrorStrategy.FAIL);
        StreamExecutionEnvironment env = env();
        source.build(env).sinkTo(new DiscardingSink<>());
        assertThatThrownBy(() -> env.execute("fail")).satisfies(e -> {
            BadRecordFailure failure = ExceptionUtils.findThrowable(e, BadRecordFailure.class).orElseThrow();
            assertThat(failure.position()).isEqualTo("fail_in/0@1");
            assertThat(failure.getMessage()).startsWith("E503 bad record in statement 'fail_job', source 'fail_in' "
                    + "at fail_in/0@1: decode_error: malformed JSON");
        });
    }

    @Test
    void waitsForATopicThatAppearsWithinTopicWaitTimeout() throws Exception {
        Map<String, String> keys = sourceKeys("late_in");
        keys.put("columns", "id INTEGER");
        keys.put("topic.wait.timeout", "30s");
        keys.put("topic.retry.interval", "500ms");
        KafkaSourceProvider source = new KafkaSourceFactory().create("late_job", "late_in", keys, BASE,
                ErrorStrategy.SKIP);
        long start = System.nanoTime();
        CompletableFuture<Void> creator = CompletableFuture.runAsync(() -> {
            try {
                TimeUnit.SECONDS.sleep(5);
                createTopic("late_in");
                produce("late_in", List.of("{\"id\":7}"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        StreamExecutionEnvironment env = env();
        List<Row> rows = collect(source.build(env), env);
        creator.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(rows).extracting(r -> r.getField(0)).containsExactly(7);
    }

    @Test
    void reportsE402WhenTheTopicDoesNotAppear() {
        Map<String, String> keys = sourceKeys("ghost");
        keys.put("topic.wait.timeout", "1s");
        keys.put("topic.retry.interval", "200ms");
        keys.put("topic.retry.strategy", "exponential");
        // Inference needs the topic first, so binding already waits and fails.
        assertThatThrownBy(() -> new KafkaSourceFactory().create("ghost_job", "ghost", keys, BASE, ErrorStrategy.SKIP))
                .isInstanceOf(TopicNotFoundException.class)
                .hasMessage("E402 kafka_source 'ghost': topic 'ghost' not found on " + bootstrap + " after 1s");
    }

    @Test
    void writesExactlyOnceInTransactionsCommittedOnCheckpoints() throws Exception {
        createTopic("eo_in");
        createTopic("eo_out");
        List<String> input = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            input.add("{\"id\":" + i + ",\"price\":" + i + ".5}");
        }
        produce("eo_in", input);
        KafkaSourceProvider source = new KafkaSourceFactory().create("eo_job", "eo_in", sourceKeys("eo_in"), BASE,
                ErrorStrategy.SKIP);
        Map<String, String> sinkKeys = new HashMap<>(Map.of("bootstrap.servers", bootstrap, "velo.app", "shop",
                "velo.job_mode", "transactional"));
        KafkaSinkProvider sink = new KafkaSinkFactory().create("eo_job", "eo_out", sinkKeys, BASE, source.schema(),
                List.of(0));
        assertThat(sink.describe()).contains("delivery.guarantee exactly_once",
                "transactional.id.prefix velo-shop-eo_job", "transaction.timeout 900s");
        StreamExecutionEnvironment env = env();
        env.enableCheckpointing(300);
        sink.attach(schemaColumns(source.build(env), source.schema()), "sink eo_out");
        env.execute("exactly once");

        List<ConsumerRecord<String, String>> records = readAll("eo_out", 20, true);
        assertThat(records).hasSize(20);
        assertThat(records.get(0).key()).isEqualTo("0");
        assertThat(records.get(19).value()).isEqualTo("{\"id\":19,\"price\":19.5}");
    }

    // ------------------------------------------------------------------ helpers

    // ------------------------------------------------------------------ issue 19 item 9: lag, waiting

    @Test
    void aKafkaSourceExportsItsConsumerLagAsAVeloGauge() throws Exception {
        createTopic("lag_in");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            values.add("{\"id\":" + i + "}");
        }
        produceQuickly("lag_in", values);
        Map<String, String> keys = new HashMap<>();
        keys.put("bootstrap.servers", bootstrap);
        keys.put("auto.offset.reset", "earliest");
        keys.put("columns", "id BIGINT");
        // Ten records a poll: the consumer's position stays far behind the end while the job is held back.
        keys.put("kafka.max.poll.records", "10");
        KafkaSourceProvider source = new KafkaSourceFactory().create("lag_job", "lag_in", keys, Path.of("."),
                ErrorStrategy.SKIP);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        // The first row waits for the test: back pressure stops the reader after a few polls.
        source.build(env).filter(row -> !RELEASE.await(60, TimeUnit.SECONDS)).sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("lag");
        try {
            Map<String, String> labels = Map.of("statement", "lag_job", "source", "lag_in");
            double held = awaitLag(labels, lag -> lag > 0);
            assertThat(held).as("records behind while the job is held back").isBetween(1500.0, 1999.0);
            RELEASE.countDown();
            assertThat(awaitLag(labels, lag -> lag == 0)).isZero();
        } finally {
            RELEASE.countDown();
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void waitingForAMissingTopicSaysSoAtOnceThenAtEachRetry() {
        List<String> lines = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        long start = System.nanoTime();
        KafkaTopicWaiter.Target target = new KafkaTopicWaiter.Target("kafka_source", "absent", "absent", bootstrap,
                Map.of(), Duration.ofSeconds(3), Duration.ofSeconds(1), TopicRetryStrategy.FIXED);
        assertThatThrownBy(() -> KafkaTopicWaiter.awaitTopic(target, line -> {
            lines.add(line);
            at.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        })).hasMessage("E402 kafka_source 'absent': topic 'absent' not found on " + bootstrap + " after 3s");

        String waiting = "velo: kafka_source 'absent': waiting for topic 'absent' on " + bootstrap
                + " (checking again in ";
        // The last wait is what is left of the 3 s, a little under 1 s.
        assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line).startsWith(waiting).endsWith(", up to 3s)"));
        assertThat(lines.get(0)).isEqualTo(waiting + "1s, up to 3s)");
        // The first line as soon as the first check found no topic, then one per retry interval.
        assertThat(at.get(0)).as("first line after ms").isLessThan(900);
        assertThat(at.get(1) - at.get(0)).isBetween(950L, 2500L);
        assertThat(at.get(2) - at.get(1)).isBetween(950L, 2500L);
    }

    /** The summed lag of the gauges with {@code labels} once {@code done} holds for it (within 60 s). */
    private static double awaitLag(Map<String, String> labels, DoublePredicate done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Double lag = null;
        while (System.nanoTime() < deadline) {
            Gauge<?> gauge = LAG.get(labels);
            lag = gauge == null ? null : (Double) gauge.getValue();
            if (lag != null && done.test(lag)) {
                return lag;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("velo_kafka_consumer_lag" + labels + " is " + lag + " after 60 s; gauges: "
                + LAG.keySet());
    }

    private static Configuration reporterConfiguration() {
        Configuration configuration = new Configuration();
        configuration.setString("metrics.reporter.lag.factory.class", LagReporterFactory.class.getName());
        return configuration;
    }

    /** Keeps every {@code velo_kafka_consumer_lag} gauge the cluster registers. */
    public static final class LagReporterFactory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new MetricReporter() {
                @Override
                public void open(MetricConfig config) {
                }

                @Override
                public void close() {
                }

                @Override
                public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
                    if (name.equals(ConsumerLagSource.METRIC)) {
                        LAG.put(VeloLabels.of(group), (Gauge<?>) metric);
                    }
                }

                @Override
                public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
                }
            };
        }
    }

    /** Sends without waiting for each record's acknowledgement, then flushes. */
    private static void produceQuickly(String topic, List<String> values) {
        Properties props = clientProps();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v));
            }
            producer.flush();
        }
    }

    private static Map<String, String> sourceKeys(String topic) {
        Map<String, String> keys = new HashMap<>();
        keys.put("topic", topic);
        keys.put("bootstrap.servers", bootstrap);
        keys.put("auto.offset.reset", "earliest");
        keys.put("velo.bounded", "true");
        keys.put("infer.timeout", "5s");
        return keys;
    }

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.getConfig().enableObjectReuse();
        return env;
    }

    @SuppressWarnings("unchecked")
    private static TypeInformation<Row> rowType(Schema schema) {
        return (TypeInformation<Row>) (TypeInformation<?>) FlinkTypes.rowType(schema);
    }

    /** Drops the system columns, as a {@code SELECT *} does. */
    private static DataStream<Row> schemaColumns(DataStream<Row> rows, Schema schema) {
        int[] columns = java.util.stream.IntStream.range(0, schema.size()).toArray();
        return rows.map(r -> Row.project(r, columns)).returns(rowType(schema));
    }

    private static List<Row> collect(DataStream<Row> rows, StreamExecutionEnvironment env) throws Exception {
        CloseableIterator<Row> it = rows.collectAsync();
        env.execute();
        return drain(it);
    }

    private static Properties clientProps() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }

    private static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(clientProps())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(String topic, List<String> values) throws Exception {
        Properties props = clientProps();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads a topic from the start until {@code expected} records arrived, or 15 s passed. */
    private static List<ConsumerRecord<String, String>> readAll(String topic, int expected, boolean readCommitted) {
        Properties props = clientProps();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // A short extra poll, so that records beyond the expected ones would be seen too.
            consumer.poll(Duration.ofMillis(300)).forEach(out::add);
        }
        return out;
    }
}
