package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Headers in (the deserializer's {@code RawRecord.headers}) and out (the serializer's carried {@code _headers}). */
class KafkaHeadersTest {

    private static List<RawRecord> deserialize(RecordHeaders headers) {
        ConsumerRecord<byte[], byte[]> message = new ConsumerRecord<>("t", 0, 7L, 1L, TimestampType.CREATE_TIME, 0, 5,
                null, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), headers, Optional.empty());
        List<RawRecord> out = new ArrayList<>();
        new KafkaRawRecordDeserializer().deserialize(message, new Collector<>() {
            public void collect(RawRecord record) {
                out.add(record);
            }

            public void close() {
            }
        });
        return out;
    }

    @Test
    void headersAreReadAsTextTheLastOfAKeyWinningAndNullWhenThereAreNone() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        headers.add("trace", "t-2".getBytes(StandardCharsets.UTF_8));
        headers.add("empty", null);
        headers.add("name", "Zoë".getBytes(StandardCharsets.UTF_8));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("trace", "t-2");
        expected.put("empty", null);
        expected.put("name", "Zoë");
        assertThat(deserialize(headers).get(0).headers).isEqualTo(expected);
        assertThat(deserialize(new RecordHeaders()).get(0).headers).isNull();
    }

    @Test
    void rawRecordStaysAPojoWithItsHeaders() throws Exception {
        TypeSerializer<RawRecord> serializer = RawRecord.typeInfo().createSerializer(new SerializerConfigImpl());
        assertThat(serializer).isInstanceOf(PojoSerializer.class);
        RawRecord record = new RawRecord("x", "t", 3, 0, 1L, "k", null);
        record.headers = Map.of("a", "1");
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(record, out);
        RawRecord copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(copy.headers).isEqualTo(Map.of("a", "1"));
        assertThat(copy.key).isEqualTo("k");
    }

    @Test
    void theSerializerWritesTheCarriedHeadersFieldAndNoneWithoutIt() {
        Schema written = new Schema(List.of(new Column("id", Types.BIGINT)));
        Schema rows = new Schema(List.of(new Column("id", Types.BIGINT),
                new Column(SystemColumns.HEADERS, new VeloType.MapType(Types.STRING, Types.STRING))));
        KafkaRowSerializer serializer = new KafkaRowSerializer("t", KafkaValueFormat.JSON, written, rows, new int[0],
                null);
        ProducerRecord<byte[], byte[]> r = serializer.serialize(Row.of(1L, Map.of("trace", "t-1")), null, null);
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
        Header[] headers = r.headers().toArray();
        assertThat(headers).containsExactly(new RecordHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8)));
        assertThat(serializer.serialize(Row.of(2L, null), null, null).headers().toArray()).isEmpty();

        KafkaRowSerializer plain = new KafkaRowSerializer("t", KafkaValueFormat.JSON, written, new int[0]);
        assertThat(plain.serialize(Row.of(3L), null, null).headers().toArray()).isEmpty();
    }

    /** SPEC §5.3: constant headers go on every record; a header the query sets wins over one of the same name. */
    @Test
    void constantHeadersAreAddedAndACarriedHeaderWins() {
        Schema written = new Schema(List.of(new Column("id", Types.BIGINT)));
        Schema rows = new Schema(List.of(new Column("id", Types.BIGINT),
                new Column(SystemColumns.HEADERS, new VeloType.MapType(Types.STRING, Types.STRING))));
        KafkaRowSerializer serializer = new KafkaRowSerializer("t", KafkaValueFormat.JSON, written, rows, new int[0],
                null).withConstantHeaders(Map.of("source", "velo", "trace", "none"));
        Header[] both = serializer.serialize(Row.of(1L, Map.of("trace", "t-1")), null, null).headers().toArray();
        assertThat(both).containsExactlyInAnyOrder(
                new RecordHeader("source", "velo".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("trace", "t-1".getBytes(StandardCharsets.UTF_8)));
        Header[] constantsOnly = serializer.serialize(Row.of(2L, null), null, null).headers().toArray();
        assertThat(constantsOnly).containsExactlyInAnyOrder(
                new RecordHeader("source", "velo".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("trace", "none".getBytes(StandardCharsets.UTF_8)));
        assertThat(KafkaSinkOptions.fromProperties("s", "out", Map.of("header.source", "velo", "topic", "x"))
                .constantHeaders()).isEqualTo(Map.of("source", "velo"));
    }

    @Test
    void headersAreTheLastSystemColumn() {
        assertThat(SystemColumns.COLUMNS.get(SystemColumns.HEADERS_OFFSET).name()).isEqualTo("_headers");
        assertThat(SystemColumns.COUNT).isEqualTo(SystemColumns.COLUMNS.size());
        assertThat(SystemColumns.isSystemColumn("_HEADERS")).isTrue();
    }
}
