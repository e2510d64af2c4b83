package dev.veloflink.bench.scenarios;

import dev.veloflink.bench.Scenario;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the scenarios over {@link Event} rows share: the input, its source keys and a size that keeps the full run
 * within its 30 minutes (each of these writes state per row, several one output row per input row, and velo's
 * stateful operators run at tens of thousands of rows/s today, see docs/performance.md).
 */
abstract class StatefulScenario implements Scenario {

    @Override
    public long defaultRows(boolean quick) {
        return quick ? 200_000 : 2_000_000;
    }

    @Override
    public long generateInput(Path inputDir, long rows) throws IOException {
        Event.write(Event.input(inputDir), rows);
        return rows;
    }

    /** The file_source keys of the events, with the event time taken from ts when {@code eventTime}. */
    static Map<String, String> sourceKeys(Path inputDir, boolean eventTime) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("events.type", "file_source");
        keys.put("events.path", VeloApps.path(Event.input(inputDir)));
        keys.put("events.format", "csv");
        keys.put("events.columns", Event.COLUMNS);
        if (eventTime) {
            keys.put("event.time.field", "ts");
            keys.put("event.time.format", "epoch_millis");
            keys.put("watermark.max_out_of_orderness", WATERMARK_BOUND_SECONDS + "s");
        }
        return keys;
    }

    static final int WATERMARK_BOUND_SECONDS = 5;

    static Map<String, String> withCsvSink(Map<String, String> keys, Path output) {
        keys.put("out.type", "file_sink");
        keys.put("out.path", VeloApps.path(output));
        keys.put("out.format", "csv");
        return keys;
    }
}
