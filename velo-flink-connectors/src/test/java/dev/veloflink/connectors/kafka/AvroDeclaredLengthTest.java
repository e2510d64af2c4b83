package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.decode.DecoderHarness;
import dev.veloflink.connectors.decode.ErrorStrategy;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value that declares a string longer than itself is refused by its declared length, before anything is allocated
 * for it: the fuzzer's input that cost 13 s and about 400 MB when Avro sized the buffer first (docs/reliability.md).
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

    @Test
    void aWholeValueStillDecodesThroughTheCheckedDecoder() throws Exception {
        DecoderHarness.Outcome outcome = decode("seed-nulls");

        assertThat(outcome.deadLetters()).isEmpty();
        assertThat(outcome.bad()).isZero();
        assertThat(outcome.rows()).hasSize(1);
    }

    private static DecoderHarness.Outcome decode(String input) throws Exception {
        byte[] value;
        try (InputStream in = AvroDeclaredLengthTest.class.getResourceAsStream(INPUTS + input)) {
            value = in.readAllBytes();
        }
        try (DecoderHarness harness = new DecoderHarness(new AvroRecordDecoder("s", "avro",
                AvroDecoderFuzzTest.COLUMNS, AvroDecoderFuzzTest.WRITER_SCHEMA, ErrorStrategy.DEAD_LETTER,
                AvroDecoderFuzzTest.COLUMNS.indexOf("k")))) {
            RawRecord record = new RawRecord(null, "topic", 7, 0, 0L, "key", null);
            record.bytes = value;
            return harness.feed(List.of(record));
        }
    }
}
