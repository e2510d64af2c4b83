package dev.veloflink.connectors.kafka;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.decode.DecoderHarness;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.junit.jupiter.api.AfterAll;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of {@code avro} Kafka values through {@link AvroRecordDecoder}: every value is either a row
 * or a counted bad record; no exception, hang or out-of-memory escapes. The writer schema has a field of every Avro
 * kind velo reads (logical types, unions, arrays, maps, enums, fixed, a nested record).
 */
class AvroDecoderFuzzTest {
    static final String WRITER_SCHEMA = """
            {"type": "record", "name": "Order", "fields": [
              {"name": "id", "type": "long"},
              {"name": "customer", "type": ["null", "string"], "default": null},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "qty", "type": "int"},
              {"name": "paid", "type": "boolean"},
              {"name": "placed", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "micros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "score", "type": ["null", "double", "float"]},
              {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B", "C"]}},
              {"name": "price", "type": {"type": "fixed", "name": "Price", "size": 4, "logicalType": "decimal",
                                         "precision": 9, "scale": 3}},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "attrs", "type": {"type": "map", "values": "long"}},
              {"name": "inner", "type": {"type": "record", "name": "Inner", "fields": [{"name": "x", "type": "int"}]}},
              {"name": "raw", "type": "bytes"}
            ]}""";

    static final Schema COLUMNS = new Schema(List.of(
            new Column("id", Types.BIGINT, false, false),
            new Column("customer", Types.STRING),
            new Column("amount", Types.decimal(10, 2)),
            new Column("qty", Types.INTEGER),
            new Column("paid", Types.BOOLEAN),
            new Column("placed", Types.TIMESTAMP),
            new Column("micros", Types.TIMESTAMP),
            new Column("day", Types.DATE),
            new Column("score", Types.DOUBLE),
            new Column("kind", Types.STRING),
            new Column("price", Types.decimal(9, 3)),
            new Column("tags", Types.STRING),
            new Column("attrs", Types.STRING),
            new Column("inner", Types.STRING),
            new Column("raw", Types.STRING),
            new Column("k", Types.STRING)));

    /** Built once: a fuzzer calls the target millions of times, and a harness takes milliseconds to set up. */
    private static DecoderHarness decoder;

    // @Timeout: libFuzzer's limit per input (a hang is a finding after it), and JUnit's per input replayed.
    @Timeout(60)
    @FuzzTest(maxDuration = "10m")
    void avroValue(byte[] value) throws Exception {
        if (decoder == null) {
            decoder = new DecoderHarness(new AvroRecordDecoder("s", "avro", COLUMNS, WRITER_SCHEMA,
                    ErrorStrategy.SKIP, COLUMNS.indexOf("k")));
        }
        RawRecord record = new RawRecord(null, "topic", 7, 0, 0L, "key", null);
        record.bytes = value;
        DecoderHarness.Outcome outcome = decoder.feed(List.of(record));
        assertThat(outcome.rows().size() + outcome.bad()).as("rows + bad records").isEqualTo(1);
    }

    @AfterAll
    static void close() throws Exception {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }
}
