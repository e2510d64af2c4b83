package dev.veloflink.e2e.kafka;

import dev.veloflink.planner.LoadedApplication;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import dev.veloflink.planner.run.EmbeddedRunner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code value.format = 'avro'} (SPEC §5.5, §6.1) through a real broker: Avro binary values in, the schema taken from
 * the .avsc file (no {@code columns}), a filter and a projection, Avro binary values out, decoded back here.
 */
class KafkaAvroITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = VeloApps.miniCluster();

    private static final String AVSC = """
            {"type": "record", "name": "Order", "fields": [
              {"name": "id", "type": "long"},
              {"name": "customer", "type": ["null", "string"], "default": null},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "qty", "type": "int"},
              {"name": "paid", "type": "boolean"},
              {"name": "placed", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "at", "type": {"type": "int", "logicalType": "time-millis"}}
            ]}
            """;

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    @TempDir
    Path dir;

    @Test
    void readsAndWritesAvroValuesWithTheSchemaOfAnAvscFile() throws Exception {
        kafka.createTopic("avro_in", 1);
        kafka.createTopic("avro_out", 1);
        Schema schema = new Schema.Parser().parse(AVSC);
        List<byte[]> values = new ArrayList<>();
        values.add(encode(schema, order(schema, 1, "ann", "12.50", 2, true, 1_700_000_000_000L, 19_700, 34_200_250)));
        values.add(encode(schema, order(schema, 2, null, "3.00", 1, false, 1_700_000_001_000L, 19_701, 0)));
        values.add(new byte[] {1, 2, 3});
        values.add(encode(schema, order(schema, 3, "cy", "99.99", 5, true, 1_700_000_002_000L, 19_702, 86_000_000)));
        produce("avro_in", values);
        Files.writeString(dir.resolve("order.avsc"), AVSC);

        LoadedApplication app = VeloApps.load(dir, "avro_orders", """
                CREATE STREAM avro_out AS
                SELECT id, customer, amount * qty AS total, paid, placed, day, at, at + INTERVAL '1' HOUR AS later,
                       CAST(at AS STRING) AS at_text
                FROM avro_in
                WHERE paid
                WITH (
                    %s,
                    'avro_in.value.format' = 'avro',
                    'avro_in.avro.schema.file' = 'order.avsc',
                    %s,
                    'avro_out.value.format' = 'avro'
                );
                """.formatted(kafka.boundedSource("avro_in"), kafka.sink("avro_out")));
        assertThat(app.explain()).contains("[avro order.avsc]").contains("AvroRecordDecoder")
                .contains("total DECIMAL(20,2)").contains("at TIME");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        EmbeddedRunner.addTo(env, app);
        env.execute("avro");

        List<GenericRecord> out = new ArrayList<>();
        for (byte[] value : readValues("avro_out", 2)) {
            out.add(decode(value));
        }
        assertThat(out).extracting(r -> r.get("id"), r -> String.valueOf(r.get("customer")),
                        r -> decimal(r, "total"), r -> r.get("placed"), r -> r.get("day"), r -> r.get("at"),
                        r -> r.get("later"), r -> String.valueOf(r.get("at_text")))
                // The MiniCluster's default parallelism is 2, so the two rows may reach the topic in either order.
                // TIME (time-millis) both ways: read as a time of day, wrapped past midnight, written as time-millis.
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(1L, "ann", new BigDecimal("25.00"), 1_700_000_000_000L,
                                19_700, 34_200_250, 37_800_250, "09:30:00.250"),
                        org.assertj.core.groups.Tuple.tuple(3L, "cy", new BigDecimal("499.95"), 1_700_000_002_000L,
                                19_702, 86_000_000, 3_200_000, "23:53:20"));
        assertThat(outputSchema().getField("at").schema().getTypes().get(1).getLogicalType().getName())
                .isEqualTo("time-millis");
    }

    /** The output schema is derived from the statement's (nullable) columns: read it back with the same derivation. */
    private static GenericRecord decode(byte[] value) throws Exception {
        return new GenericDatumReader<GenericRecord>(outputSchema()).read(null,
                DecoderFactory.get().binaryDecoder(value, null));
    }

    private static Schema outputSchema() {
        return dev.veloflink.connectors.kafka.AvroSchemas.fromVelo("avro_out",
                new dev.veloflink.dialect.types.Schema(List.of(
                        new dev.veloflink.dialect.types.Column("id", dev.veloflink.dialect.types.Types.BIGINT),
                        new dev.veloflink.dialect.types.Column("customer", dev.veloflink.dialect.types.Types.STRING),
                        new dev.veloflink.dialect.types.Column("total",
                                dev.veloflink.dialect.types.Types.decimal(20, 2)),
                        new dev.veloflink.dialect.types.Column("paid", dev.veloflink.dialect.types.Types.BOOLEAN),
                        new dev.veloflink.dialect.types.Column("placed", dev.veloflink.dialect.types.Types.TIMESTAMP),
                        new dev.veloflink.dialect.types.Column("day", dev.veloflink.dialect.types.Types.DATE),
                        new dev.veloflink.dialect.types.Column("at", dev.veloflink.dialect.types.Types.TIME),
                        new dev.veloflink.dialect.types.Column("later", dev.veloflink.dialect.types.Types.TIME),
                        new dev.veloflink.dialect.types.Column("at_text", dev.veloflink.dialect.types.Types.STRING))));
    }

    private static BigDecimal decimal(GenericRecord r, String field) {
        ByteBuffer b = (ByteBuffer) r.get(field);
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new BigDecimal(new BigInteger(bytes), 2);
    }

    private static GenericRecord order(Schema schema, long id, String customer, String amount, int qty, boolean paid,
                                       long placed, int day, int at) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", id);
        r.put("customer", customer);
        r.put("amount", ByteBuffer.wrap(new BigDecimal(amount).unscaledValue().toByteArray()));
        r.put("qty", qty);
        r.put("paid", paid);
        r.put("placed", placed);
        r.put("day", day);
        r.put("at", at);
        return r;
    }

    private static byte[] encode(Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    private static void produce(String topic, List<byte[]> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, 0, null, v));
            }
            producer.flush();
        }
    }

    private static List<byte[]> readValues(String topic, int count) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
            long end = consumer.endOffsets(List.of(p)).get(p);
            assertThat(end).as("messages in %s", topic).isEqualTo(count);
        }
        return out;
    }
}
