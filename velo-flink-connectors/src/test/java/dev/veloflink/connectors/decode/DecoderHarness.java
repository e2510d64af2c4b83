package dev.veloflink.connectors.decode;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.file.FileRecordReader;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One decoder in Flink's operator test harness, fed raw records, answering how many came out as rows and how many
 * were counted as bad ({@code velo_records_skipped_total}, all reasons). Built once and reused across many inputs (a
 * fuzzer calls its target millions of times), so the totals are read as differences.
 */
public final class DecoderHarness implements AutoCloseable {
    private final OneInputStreamOperatorTestHarness<RawRecord, Row> harness;

    public DecoderHarness(ProcessFunction<RawRecord, Row> decoder) throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(decoder);
    }

    /** What one batch of records gave: its rows, how many were bad, and their dead letters (under dead_letter). */
    public record Outcome(List<Row> rows, long bad, List<String> deadLetters) {
    }

    /** Feeds the records and returns their rows and how many of them were counted as bad; clears the output. */
    public Outcome feed(List<RawRecord> records) throws Exception {
        long badBefore = skippedTotal();
        for (RawRecord record : records) {
            harness.processElement(new StreamRecord<>(record));
        }
        List<Row> rows = new ArrayList<>(harness.extractOutputValues());
        harness.getOutput().clear();
        List<String> deadLetters = new ArrayList<>();
        var side = harness.getSideOutput(RecordDecoder.DEAD_LETTERS);
        if (side != null) {
            side.forEach(r -> deadLetters.add(r.getValue()));
            side.clear();
        }
        return new Outcome(rows, skippedTotal() - badBefore, deadLetters);
    }

    private long skippedTotal() {
        long total = 0;
        for (Map.Entry<String, Accumulator<?, ?>> e
                : harness.getEnvironment().getAccumulatorRegistry().getUserMap().entrySet()) {
            if (e.getKey().startsWith(RecordDecoder.RECORDS_SKIPPED + "{")) {
                total += ((Number) e.getValue().getLocalValue()).longValue();
            }
        }
        return total;
    }

    /**
     * The records of a file as the file source frames them (FileSourceReader): with {@code header}, the first record
     * is the CSV header line attached to the others; a record that is not valid UTF-8 carries why.
     */
    public static List<RawRecord> fileRecords(Path file, int quote, boolean header) throws IOException {
        List<RawRecord> records = new ArrayList<>();
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, quote, false)) {
            String headerText = null;
            String text;
            while ((text = reader.next()) != null) {
                if (header && headerText == null) {
                    headerText = text;
                    continue;
                }
                RawRecord record = RawRecord.ofFile(text, file.toString(), reader.recordLine(), 0L, headerText);
                record.malformed = reader.malformed();
                records.add(record);
            }
        }
        return records;
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
