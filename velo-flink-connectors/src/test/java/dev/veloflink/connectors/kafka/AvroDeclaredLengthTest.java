package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.decode.DecoderHarness;
import dev.veloflink.connectors.decode.ErrorStrategy;
import org.junit.jupiter.api.Test;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value that declares a string, or an array or map block, longer than itself is refused by its declared length
 * before anything is allocated for it: the fuzzer's input that cost 13 s and about 400 MB when Avro sized the buffer
 * first, and a 5-byte value whose array ran a task out of memory (docs/reliability.md).
 */
class AvroDeclaredLengthTest {
    private static final String INPUTS = "/dev/veloflink/connectors/kafka/AvroDecoderFuzzTestInputs/avroValue/";

    @Test
    void aStringLongerThanTheValueIsABadRecordNamingBothLengths() throws Exception {
        DecoderHarness.Outcome outcome = decode("slow-string-length-past-the-value");

        assertThat(outcome.rows()).isEmpty();
        assertThat(outcome.bad()).isEqualTo(1);
        assertThat(outcome.deadLetters()).singleElement().asString()
                .containsPattern("malformed Avro: a length of \\d+ bytes with \\d+ bytes left in the value");
    }

    /** An array of longs, a map of longs, and an array of nulls (items of no bytes), plus the message key column. */
    private static final String COLLECTIONS = """
            {"type": "record", "name": "C", "fields": [
              {"name": "xs", "type": {"type": "array", "items": "long"}},
              {"name": "m", "type": {"type": "map", "values": "long"}}
            ]}""";
    private static final String NULLS = """
            {"type": "record", "name": "N", "fields": [{"name": "ns", "type": {"type": "array", "items": "null"}}]}""";
    /** 200,000,000 as an Avro long (zig-zag varint): five bytes declaring a huge block. */
    private static final byte[] HUGE_COUNT = {(byte) 128, (byte) 136, (byte) 222, (byte) 190, 1};

    @Test
    void anArrayBlockLongerThanTheValueIsABadRecordBeforeAnythingIsAllocated() throws Exception {
        DecoderHarness.Outcome outcome = decode(COLLECTIONS, collectionColumns("xs", "m"), HUGE_COUNT);

        assertThat(outcome.rows()).isEmpty();
        assertThat(outcome.deadLetters()).singleElement().asString()
                .contains("malformed Avro: an array block of 200000000 items with 0 bytes left in the value");
    }

    @Test
    void aMapBlockLongerThanTheValueIsABadRecordBeforeAnythingIsAllocated() throws Exception {
        byte[] value = new byte[1 + HUGE_COUNT.length]; // an empty array (count 0), then the map's block
        System.arraycopy(HUGE_COUNT, 0, value, 1, HUGE_COUNT.length);

        DecoderHarness.Outcome outcome = decode(COLLECTIONS, collectionColumns("xs", "m"), value);

        assertThat(outcome.rows()).isEmpty();
        assertThat(outcome.deadLetters()).singleElement().asString()
                .contains("malformed Avro: a map block of 200000000 items with 0 bytes left in the value");
    }

    @Test
    void nullItemsTakeNoBytesSoTheirCountIsNotBoundByTheValue() throws Exception {
        // Three nulls in a one-byte block count, then the end of the array: 2 bytes for 3 items.
        DecoderHarness.Outcome outcome = decode(NULLS, collectionColumns("ns"), new byte[] {6, 0});

        assertThat(outcome.deadLetters()).isEmpty();
        assertThat(outcome.rows()).hasSize(1);
    }

    @Test
    void aWholeValueStillDecodesThroughTheCheckedDecoder() throws Exception {
        DecoderHarness.Outcome outcome = decode("seed-nulls");

        assertThat(outcome.deadLetters()).isEmpty();
        assertThat(outcome.bad()).isZero();
        assertThat(outcome.rows()).hasSize(1);
    }

    private static Schema collectionColumns(String... names) {
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(new Column(name, Types.STRING));
        }
        columns.add(new Column("k", Types.STRING));
        return new Schema(columns);
    }

    private static DecoderHarness.Outcome decode(String input) throws Exception {
        byte[] value;
        try (InputStream in = AvroDeclaredLengthTest.class.getResourceAsStream(INPUTS + input)) {
            value = in.readAllBytes();
        }
        return decode(AvroDecoderFuzzTest.WRITER_SCHEMA, AvroDecoderFuzzTest.COLUMNS, value);
    }

    private static DecoderHarness.Outcome decode(String writerSchema, Schema columns, byte[] value) throws Exception {
        try (DecoderHarness harness = new DecoderHarness(new AvroRecordDecoder("s", "avro", columns, writerSchema,
                ErrorStrategy.DEAD_LETTER, columns.indexOf("k")))) {
            RawRecord record = new RawRecord(null, "topic", 7, 0, 0L, "key", null);
            record.bytes = value;
            return harness.feed(List.of(record));
        }
    }
}
