package dev.veloflink.bench.scenarios;

import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.Scenario;
import dev.veloflink.bench.Target;
import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.bench.baseline.ByteRangeLines;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The One Billion Row Challenge, scaled down: {@code station;temperature} lines, min/avg/max per station at the end
 * of the file. The expected answer is computed here, in plain Java, while the input is written; both jobs must match
 * it exactly (AVG of DECIMAL(4,1) is DECIMAL(38,4), HALF_UP, SPEC §15).
 */
public final class OneBrc implements Scenario {
    static final int STATIONS = 400;
    static final String HEADER = "station,min_t,avg_t,max_t";
    private static final long SEED = 1_000_000_000L;
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "to", "sen", "vik", "dor", "bu", "el", "an",
        "gar", "ri", "po", "zu", "na", "hel", "sto", "mun", "ber"};

    @Override
    public String name() {
        return "1brc";
    }

    @Override
    public Optional<Target> target() {
        return Optional.of(new Target.MaxSeconds(10, 10_000_000));
    }

    /** The challenge's size, 10,000,000 rows, now that keyed state costs what Flink's own does (quick: 1,000,000). */
    @Override
    public long defaultRows(boolean quick) {
        return quick ? 1_000_000 : 10_000_000;
    }

    static Path input(Path dir) {
        return dir.resolve("measurements.txt");
    }

    @Override
    public Optional<Path> expectedOutput(Path inputDir) {
        return Optional.of(inputDir.resolve("measurements.expected.csv"));
    }

    /** 400 distinct made-up station names, some with a space; none needs quoting in CSV. */
    static List<String> stationNames(SplittableRandom random) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        while (names.size() < STATIONS) {
            StringBuilder name = new StringBuilder();
            int parts = 2 + random.nextInt(3);
            for (int i = 0; i < parts; i++) {
                name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            if (random.nextInt(5) == 0) {
                name.append(" ").append(SYLLABLES[random.nextInt(SYLLABLES.length)]).append("ville");
            }
            name.setCharAt(0, Character.toUpperCase(name.charAt(0)));
            names.add(name.toString());
        }
        return new ArrayList<>(names);
    }

    /** Per station: min and max in tenths, the sum of tenths and the count. */
    private static final class Stats {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        long sum;
        long count;
    }

    @Override
    public long generateInput(Path inputDir, long rows) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> stations = stationNames(random);
        int[] meanTenths = new int[STATIONS];
        for (int i = 0; i < STATIONS; i++) {
            meanTenths[i] = random.nextInt(-200, 351);
        }
        Stats[] stats = new Stats[STATIONS];
        for (int i = 0; i < STATIONS; i++) {
            stats[i] = new Stats();
        }
        try (BufferedWriter out = Files.newBufferedWriter(input(inputDir), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(40);
            for (long r = 0; r < rows; r++) {
                int s = random.nextInt(STATIONS);
                // Roughly normal around the station's mean (sum of uniforms), clamped to DECIMAL(4,1)'s range.
                int noise = random.nextInt(-100, 101) + random.nextInt(-100, 101) + random.nextInt(-100, 101);
                int tenths = Math.max(-999, Math.min(999, meanTenths[s] + noise));
                Stats st = stats[s];
                st.min = Math.min(st.min, tenths);
                st.max = Math.max(st.max, tenths);
                st.sum += tenths;
                st.count++;
                line.setLength(0);
                line.append(stations.get(s)).append(';');
                if (tenths < 0) {
                    line.append('-');
                }
                int abs = Math.abs(tenths);
                line.append(abs / 10).append('.').append(abs % 10).append('\n');
                out.append(line);
            }
        }
        Map<String, Stats> sorted = new TreeMap<>();
        for (int i = 0; i < STATIONS; i++) {
            if (stats[i].count > 0) {
                sorted.put(stations.get(i), stats[i]);
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(expectedOutput(inputDir).orElseThrow(),
                StandardCharsets.UTF_8)) {
            out.write(HEADER + "\n");
            for (Map.Entry<String, Stats> e : sorted.entrySet()) {
                Stats st = e.getValue();
                out.write(e.getKey() + ',' + BigDecimal.valueOf(st.min, 1).toPlainString() + ','
                        + average(st.sum, st.count).toPlainString() + ',' + BigDecimal.valueOf(st.max, 1).toPlainString()
                        + '\n');
            }
        }
        return rows;
    }

    /** AVG of a DECIMAL(p,1): the exact mean rounded HALF_UP to scale 4. */
    static BigDecimal average(long sumTenths, long count) {
        return BigDecimal.valueOf(sumTenths, 1).divide(BigDecimal.valueOf(count), 4, RoundingMode.HALF_UP);
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put("m.type", "file_source");
        keys.put("m.path", VeloApps.path(input(inputDir)));
        keys.put("m.format", "csv");
        keys.put("m.delimiter", ";");
        keys.put("m.has_headers", "false");
        keys.put("m.columns", "station STRING, temperature DECIMAL(4,1)");
        keys.put("out.type", "file_sink");
        keys.put("out.path", VeloApps.path(output));
        keys.put("out.format", "csv");
        return VeloApps.statement(name(), """
                SELECT station, MIN(temperature) AS min_t, AVG(temperature) AS avg_t, MAX(temperature) AS max_t
                FROM m
                GROUP BY station
                EMIT FINAL""", keys);
    }

    /**
     * The same GROUP BY, written as the changelog an updating query writes in streaming mode; its final state is
     * velo's EMIT FINAL answer. AVG is written out: Flink's AVG of a DECIMAL(4,1) is DECIMAL(38,6), rounded at scale
     * 6, and rounding that again to SPEC's scale 4 could differ from the exact mean rounded once; SUM / COUNT at scale
     * 18, cast to scale 4 (Flink casts decimals HALF_UP), is the exact mean rounded once for these counts.
     */
    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        String measurements = FlinkSql.fileTable("m", "station STRING, temperature DECIMAL(4,1)", input(inputDir),
                "csv", "csv.field-delimiter", ";");
        return new FlinkSql.Expressed(List.of(measurements), """
                SELECT station, MIN(temperature) AS min_t,
                       CAST(CAST(SUM(temperature) AS DECIMAL(38, 18)) / COUNT(*) AS DECIMAL(38, 4)) AS avg_t,
                       MAX(temperature) AS max_t
                FROM m
                GROUP BY station""",
                FlinkSql.columns("station STRING, min_t DECIMAL(4,1), avg_t DECIMAL(38,4), max_t DECIMAL(4,1)"),
                FlinkSql.OutputForm.CHANGELOG_FINAL, List.of());
    }

    /**
     * Lines read in byte ranges by one source subtask each (as velo reads this EMIT FINAL aggregation's file at
     * parallelism above 1), parsed to (station, temperature in tenths) with an exact decimal parse, folded per station
     * in ValueState, written by an event-time timer at the end of time, which fires when the bounded input ends.
     */
    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        int readers = env.getParallelism();
        ByteRangeLines.of(env, input(inputDir), null, readers)
                .map(OneBrc::parse).returns(Types.TUPLE(Types.STRING, Types.INT)).setParallelism(readers)
                .keyBy(t -> t.f0, Types.STRING)
                .process(new StationStats()).returns(Types.STRING)
                .sinkTo(new LineFileSink(output, HEADER)).setParallelism(1);
    }

    static Tuple2<String, Integer> parse(String line) {
        int semicolon = line.indexOf(';');
        BigDecimal temperature = new BigDecimal(line.substring(semicolon + 1)).setScale(1, RoundingMode.HALF_UP);
        return Tuple2.of(line.substring(0, semicolon), temperature.unscaledValue().intValueExact());
    }

    static final class StationStats extends KeyedProcessFunction<String, Tuple2<String, Integer>, String> {
        /** min, max, sum, count; the temperatures in tenths. */
        private transient ValueState<long[]> stats;

        @Override
        public void open(OpenContext context) {
            stats = getRuntimeContext().getState(
                    new ValueStateDescriptor<>("stats", long[].class));
        }

        @Override
        public void processElement(Tuple2<String, Integer> reading, Context ctx, Collector<String> out)
                throws Exception {
            long[] s = stats.value();
            int t = reading.f1;
            if (s == null) {
                s = new long[] {t, t, 0, 0};
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
            s[0] = Math.min(s[0], t);
            s[1] = Math.max(s[1], t);
            s[2] += t;
            s[3]++;
            stats.update(s);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            long[] s = stats.value();
            out.collect(ctx.getCurrentKey() + ',' + BigDecimal.valueOf(s[0], 1).toPlainString() + ','
                    + average(s[2], s[3]).toPlainString() + ',' + BigDecimal.valueOf(s[1], 1).toPlainString());
        }
    }
}
