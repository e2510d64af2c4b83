package dev.veloflink.bench.scenarios;

import java.util.List;
import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.Scenario;
import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.bench.baseline.TextLines;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** CSV file to CSV file, every column, every row: the cost of reading, typing and writing records. */
public final class PassthroughCsv implements Scenario {

    @Override
    public String name() {
        return "passthrough_csv";
    }

    static Path input(Path dir) {
        return dir.resolve("readings.csv");
    }

    @Override
    public long generateInput(Path inputDir, long rows) throws IOException {
        Reading.write(input(inputDir), rows, false);
        return rows;
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("readings.type", "file_source");
        keys.put("readings.path", VeloApps.path(input(inputDir)));
        keys.put("readings.format", "csv");
        keys.put("readings.columns", Reading.COLUMNS);
        keys.put("out.type", "file_sink");
        keys.put("out.path", VeloApps.path(output));
        keys.put("out.format", "csv");
        return VeloApps.statement(name(), "SELECT * FROM readings", keys);
    }

    /** Parses every line into typed values and formats them back, as the velo job does. */
    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        FlinkSql.HeaderlessCopy copy = FlinkSql.HeaderlessCopy.of(input(inputDir));
        return new FlinkSql.Expressed(List.of(FlinkSqlTables.readings(copy)), "SELECT * FROM readings",
                FlinkSql.columns(Reading.COLUMNS), FlinkSql.OutputForm.CSV, List.of(copy));
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        TextLines.of(env, input(inputDir))
                .filter(line -> !line.equals(Reading.CSV_HEADER))
                .map(line -> Reading.fromCsv(line).toCsv()).returns(Types.STRING)
                .sinkTo(new LineFileSink(output, Reading.CSV_HEADER)).setParallelism(1);
    }
}
