package dev.veloflink.connectors.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import dev.veloflink.connectors.RawRecord;
import org.junit.jupiter.api.AfterAll;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of JSON-lines input through the file source's framing and {@link RecordDecoder}: every line
 * is either a row or a counted bad record, nothing else escapes, and the plain-record scanner ({@link
 * FlatJsonScanner}) and Jackson agree on every line (the same rows, the same number of bad records).
 */
class JsonDecoderFuzzTest {
    /** Built once: a fuzzer calls the target millions of times, and a harness takes milliseconds to set up. */
    private static DecoderHarness flat;
    private static DecoderHarness jackson;

    // @Timeout: libFuzzer's limit per input (a hang is a finding after it), and JUnit's per input replayed.
    @Timeout(60)
    @FuzzTest(maxDuration = "10m")
    void jsonLines(byte[] data) throws Exception {
        if (flat == null) {
            flat = new DecoderHarness(new RecordDecoder(spec()));
            jackson = new DecoderHarness(new RecordDecoder(spec()).withoutFlatJson());
        }
        Path file = FuzzInputs.write("fuzz.jsonl", data);
        List<RawRecord> records = DecoderHarness.fileRecords(file, -1, false);
        DecoderHarness.Outcome fast = flat.feed(records);
        DecoderHarness.Outcome slow = jackson.feed(records);
        assertThat(fast.rows().size() + fast.bad()).as("rows + bad records").isEqualTo(records.size());
        assertThat(fast.rows()).as("rows of the flat scanner and of Jackson").isEqualTo(slow.rows());
        assertThat(fast.bad()).isEqualTo(slow.bad());
    }

    private static DecoderSpec spec() {
        return DecoderSpec.json("s", "json", FuzzInputs.ALL_TYPES, ErrorStrategy.SKIP);
    }

    @AfterAll
    static void close() throws Exception {
        if (flat != null) {
            flat.close();
            jackson.close();
            flat = null;
            jackson = null;
        }
    }
}
