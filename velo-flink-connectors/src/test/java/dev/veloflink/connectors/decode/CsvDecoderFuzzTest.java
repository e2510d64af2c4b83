package dev.veloflink.connectors.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import dev.veloflink.connectors.RawRecord;
import org.junit.jupiter.api.AfterAll;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of CSV input through the file source's framing ({@link
 * dev.veloflink.connectors.file.FileRecordReader}) and {@link RecordDecoder}, with and without a header line: every
 * record framed is either a row or a counted bad record, and nothing else escapes (an exception would fail the job).
 * In a normal build this replays the inputs under {@code CsvDecoderFuzzTestInputs/}; {@code scripts/fuzz.sh} fuzzes.
 */
class CsvDecoderFuzzTest {
    /** Built once: a fuzzer calls the target millions of times, and a harness takes milliseconds to set up. */
    private static DecoderHarness withHeader;
    private static DecoderHarness positional;

    // @Timeout: libFuzzer's limit per input (a hang is a finding after it), and JUnit's per input replayed.
    @Timeout(60)
    @FuzzTest(maxDuration = "10m")
    void csvFile(byte[] data) throws Exception {
        if (withHeader == null) {
            withHeader = new DecoderHarness(new RecordDecoder(new DecoderSpec("s", "csv", RecordFormat.CSV, ',', '"',
                    FuzzInputs.ALL_TYPES, ErrorStrategy.SKIP)));
            positional = new DecoderHarness(new RecordDecoder(new DecoderSpec("s", "csv", RecordFormat.CSV_NO_HEADER,
                    ',', '"', FuzzInputs.ALL_TYPES, ErrorStrategy.SKIP)));
        }
        Path file = FuzzInputs.write("fuzz.csv", data);
        check(withHeader, DecoderHarness.fileRecords(file, '"', true));
        check(positional, DecoderHarness.fileRecords(file, '"', false));
    }

    private static void check(DecoderHarness decoder, List<RawRecord> records) throws Exception {
        DecoderHarness.Outcome outcome = decoder.feed(records);
        assertThat(outcome.rows().size() + outcome.bad()).as("rows + bad records").isEqualTo(records.size());
        for (RawRecord r : records) {
            assertThat(r.position).as("record line").isPositive();
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (withHeader != null) {
            withHeader.close();
            positional.close();
            withHeader = null;
            positional = null;
        }
    }
}
