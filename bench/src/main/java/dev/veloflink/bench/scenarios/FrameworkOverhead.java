package dev.veloflink.bench.scenarios;

import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.Scenario;
import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.connectors.datagen.DatagenOptions;
import dev.veloflink.connectors.datagen.DatagenSourceProvider;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * No parsing and no expressions: generated rows, a query that only picks columns, one output file. Both sides use
 * the same datagen_source generator, so what differs is what velo puts around it (planning the job graph, its
 * operators, counters and sink).
 */
public final class FrameworkOverhead implements Scenario {
    static final String HEADER = "id,station,temp";

    @Override
    public String name() {
        return "framework_overhead";
    }

    @Override
    public long generateInput(Path inputDir, long rows) {
        return rows;
    }

    /** The datagen_source keys, unprefixed; the velo side prefixes them with the source name. */
    static Map<String, String> generatorKeys(long rows) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("type", "datagen_source");
        keys.put("rows", Long.toString(rows));
        keys.put("seed", "42");
        keys.put("columns", "id BIGINT, station STRING, temp DECIMAL(5,1)");
        keys.put("fields.id.kind", "sequence");
        keys.put("fields.station.kind", "choice");
        keys.put("fields.station.values", "Oslo,Lima,Pune,Nairobi,Reykjavik,Hamburg,Quito,Perth");
        keys.put("fields.temp.min", "-30");
        keys.put("fields.temp.max", "45");
        return keys;
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        Map<String, String> keys = new LinkedHashMap<>();
        generatorKeys(rows).forEach((k, v) -> keys.put("gen." + k, v));
        keys.put("out.type", "file_sink");
        keys.put("out.path", VeloApps.path(output));
        keys.put("out.format", "csv");
        return VeloApps.statement(name(), "SELECT id, station, temp FROM gen", keys);
    }

    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        return new FlinkSql.NotExpressed("its rows come from velo's datagen_source generator, which Flink SQL has no "
                + "connector for (Flink's datagen connector generates other values, so outputs could not be compared)");
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        DatagenSourceProvider generator = new DatagenSourceProvider("baseline",
                DatagenOptions.fromProperties("gen", generatorKeys(rows)));
        env.fromSource(generator.source(), WatermarkStrategy.noWatermarks(), "baseline: datagen", generator.rowType())
                .map(FrameworkOverhead::line).returns(Types.STRING)
                .sinkTo(new LineFileSink(output, HEADER)).setParallelism(1);
    }

    static String line(Row row) {
        return new StringBuilder(32).append((long) (Long) row.getField(0)).append(',').append((String) row.getField(1))
                .append(',').append(((BigDecimal) row.getField(2)).toPlainString()).toString();
    }
}
