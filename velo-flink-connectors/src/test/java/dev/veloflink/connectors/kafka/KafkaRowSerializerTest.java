package dev.veloflink.connectors.kafka;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaRowSerializerTest {
    private static final Schema SCHEMA = new Schema(List.of(new Column("name", Types.STRING),
            new Column("price", Types.decimal(10, 2)), new Column("day", Types.DATE)));

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void jsonValueWithExactDecimalsAndCompoundEscapedKey() {
        KafkaRowSerializer s = new KafkaRowSerializer("t", KafkaValueFormat.JSON, SCHEMA, new int[] {0, 1});
        ProducerRecord<byte[], byte[]> r = s.serialize(Row.of("a\\b|c", new BigDecimal("1.50"), 0), null, 42L);
        assertThat(text(r.key())).isEqualTo("a\\\\b\\|c|1.50");
        assertThat(text(r.value())).isEqualTo("{\"name\":\"a\\\\b|c\",\"price\":1.50,\"day\":\"1970-01-01\"}");
        assertThat(r.timestamp()).isEqualTo(42L);
        assertThat(r.topic()).isEqualTo("t");
    }

    @Test
    void csvValueAndNullKeyPart() {
        KafkaRowSerializer s = new KafkaRowSerializer("t", KafkaValueFormat.CSV, SCHEMA, new int[] {0, 1});
        ProducerRecord<byte[], byte[]> r = s.serialize(Row.of("x,y", null, 1), null, null);
        assertThat(text(r.key())).isEqualTo("x,y|");
        assertThat(text(r.value())).isEqualTo("\"x,y\",,1970-01-02");
        assertThat(r.timestamp()).isNull();
    }

    @Test
    void rawValueIsTheSingleColumnsText() {
        Schema one = new Schema(List.of(new Column("n", Types.BIGINT)));
        KafkaRowSerializer s = new KafkaRowSerializer("t", KafkaValueFormat.RAW, one, new int[0]);
        ProducerRecord<byte[], byte[]> r = s.serialize(Row.of(7L), null, null);
        assertThat(r.key()).isNull();
        assertThat(text(r.value())).isEqualTo("7");
    }

    @Test
    void deletionsAreTombstonesOnlyWithAKey() {
        KafkaRowSerializer keyed = new KafkaRowSerializer("t", KafkaValueFormat.JSON, SCHEMA, new int[] {0});
        KafkaRowSerializer keyless = new KafkaRowSerializer("t", KafkaValueFormat.JSON, SCHEMA, new int[0]);
        Row delete = Row.ofKind(RowKind.DELETE, "k", null, null);
        ProducerRecord<byte[], byte[]> tombstone = keyed.serialize(delete, null, null);
        assertThat(text(tombstone.key())).isEqualTo("k");
        assertThat(tombstone.value()).isNull();
        assertThat(keyless.serialize(delete, null, null)).isNull();
        assertThat(keyed.serialize(Row.ofKind(RowKind.UPDATE_BEFORE, "k", null, null), null, null)).isNull();
    }
}
