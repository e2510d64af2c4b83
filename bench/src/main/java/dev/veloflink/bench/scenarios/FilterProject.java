package dev.veloflink.bench.scenarios;

import java.util.List;
import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.Scenario;
import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.bench.baseline.TextLines;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A filter and a projection with the expression kinds real jobs use: CASE, DECIMAL arithmetic with HALF_UP
 * rounding, and string functions. The baseline computes the same values in Java.
 */
public final class FilterProject implements Scenario {
    static final String HEADER = "id,station_uc,code,temp_f,total,band";
    private static final BigDecimal NINE_FIFTHS = new BigDecimal("1.8");
    private static final BigDecimal THIRTY_TWO = BigDecimal.valueOf(32);
    private static final BigDecimal HOT = new BigDecimal("25.0");

    /** The query, the same text on the velo and the Flink SQL side. */
    static final String SELECT = """
            SELECT id,
                   UPPER(station) AS station_uc,
                   SUBSTRING(station, 1, 3) AS code,
                   ROUND(temp * 1.8 + 32, 1) AS temp_f,
                   price * qty AS total,
                   CASE WHEN temp >= 25 THEN 'hot' WHEN temp < 0 THEN 'cold' ELSE 'mild' END AS band
            FROM readings
            WHERE qty > 4 AND station <> 'Perth'""";

    @Override
    public String name() {
        return "filter_project";
    }

    @Override
    public long generateInput(Path inputDir, long rows) throws IOException {
        Reading.write(PassthroughCsv.input(inputDir), rows, false);
        return rows;
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("readings.type", "file_source");
        keys.put("readings.path", VeloApps.path(PassthroughCsv.input(inputDir)));
        keys.put("readings.format", "csv");
        keys.put("readings.columns", Reading.COLUMNS);
        keys.put("out.type", "file_sink");
        keys.put("out.path", VeloApps.path(output));
        keys.put("out.format", "csv");
        return VeloApps.statement(name(), SELECT, keys);
    }

    /** The same SELECT; the sink's decimals are wide enough for any of the query's result types. */
    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        FlinkSql.HeaderlessCopy copy = FlinkSql.HeaderlessCopy.of(PassthroughCsv.input(inputDir));
        return new FlinkSql.Expressed(List.of(FlinkSqlTables.readings(copy)), SELECT,
                FlinkSql.columns("id BIGINT, station_uc STRING, code STRING, temp_f DECIMAL(38,1), "
                        + "total DECIMAL(38,2), band STRING"), FlinkSql.OutputForm.CSV, List.of(copy));
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        TextLines.of(env, PassthroughCsv.input(inputDir))
                .filter(line -> !line.equals(Reading.CSV_HEADER))
                .map(Reading::fromCsv).returns(Reading.class)
                .filter(r -> r.qty() > 4 && !r.station().equals("Perth"))
                .map(FilterProject::project).returns(Types.STRING)
                .sinkTo(new LineFileSink(output, HEADER)).setParallelism(1);
    }

    static String project(Reading r) {
        // temp DECIMAL(5,1) * 1.8 is DECIMAL(7,2); + 32 keeps scale 2; ROUND(.., 1) is HALF_UP to scale 1 (SPEC §7.2).
        BigDecimal fahrenheit = r.temp().multiply(NINE_FIFTHS).add(THIRTY_TWO).setScale(1, RoundingMode.HALF_UP);
        // price DECIMAL(8,2) * qty (INTEGER counts as DECIMAL(10,0)) keeps scale 2.
        BigDecimal total = r.price().multiply(BigDecimal.valueOf(r.qty()));
        String band = r.temp().compareTo(HOT) >= 0 ? "hot" : r.temp().signum() < 0 ? "cold" : "mild";
        String station = r.station();
        String code = station.length() <= 3 ? station : station.substring(0, 3);
        StringBuilder line = new StringBuilder(64).append(r.id()).append(',');
        appendCsv(line, station.toUpperCase(Locale.ROOT));
        line.append(',');
        appendCsv(line, code);
        return line.append(',').append(fahrenheit.toPlainString()).append(',').append(total.toPlainString())
                .append(',').append(band).toString();
    }

    /** RFC 4180 quoting, needed only for a field holding a delimiter, a quote or a line break. */
    static void appendCsv(StringBuilder out, String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            out.append(field);
        } else {
            out.append('"').append(field.replace("\"", "\"\"")).append('"');
        }
    }
}
