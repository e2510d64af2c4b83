package dev.veloflink.bench.scenarios;

import java.util.List;
import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.Scenario;
import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.bench.baseline.TextLines;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON lines to JSON lines, every field: the cost of JSON decoding and encoding. */
public final class PassthroughJsonl implements Scenario {

    @Override
    public String name() {
        return "passthrough_jsonl";
    }

    static Path input(Path dir) {
        return dir.resolve("readings.jsonl");
    }

    @Override
    public long generateInput(Path inputDir, long rows) throws IOException {
        Reading.write(input(inputDir), rows, true);
        return rows;
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("readings.type", "file_source");
        keys.put("readings.path", VeloApps.path(input(inputDir)));
        keys.put("readings.format", "jsonl");
        keys.put("readings.columns", Reading.COLUMNS);
        keys.put("out.type", "file_sink");
        keys.put("out.path", VeloApps.path(output));
        keys.put("out.format", "jsonl");
        return VeloApps.statement(name(), "SELECT * FROM readings", keys);
    }

    @Override
    public boolean outputHasHeader() {
        return false;
    }

    /** JSON lines have no header: Flink's json format reads the input itself. */
    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        return new FlinkSql.Expressed(List.of(FlinkSql.fileTable("readings", Reading.COLUMNS, input(inputDir), "json")),
                "SELECT * FROM readings", FlinkSql.columns(Reading.COLUMNS), FlinkSql.OutputForm.JSON_LINES, List.of());
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        TextLines.of(env, input(inputDir))
                .map(new JsonReadingCodec()).returns(Types.STRING)
                .sinkTo(new LineFileSink(output, null)).setParallelism(1);
    }

    /** Jackson's streaming parser with exact decimals, as velo reads JSON. */
    static final class JsonReadingCodec extends RichMapFunction<String, String> {
        private transient ReadingJsonParser parser;

        @Override
        public void open(OpenContext context) {
            parser = new ReadingJsonParser();
        }

        @Override
        public String map(String line) throws Exception {
            return parser.parse(line).toJson();
        }
    }
}
