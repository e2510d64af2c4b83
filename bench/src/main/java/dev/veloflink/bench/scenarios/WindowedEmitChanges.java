package dev.veloflink.bench.scenarios;

import java.util.List;
import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.Target;
import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.bench.baseline.SingleTextFile;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One-minute tumbling windows with EMIT CHANGES: one delta row per input row, the device's updated count and sum in
 * its window. Flink's window operator cannot emit per row, so the baseline is the hand-written KeyedProcessFunction a
 * Flink developer writes for this: per-window totals in MapState, dropped by an event-time timer at the window end.
 */
public final class WindowedEmitChanges extends StatefulScenario {
    static final String HEADER = "device,window_start,window_end,n,total";
    static final long WINDOW_MILLIS = 60_000;

    @Override
    public String name() {
        return "windowed_emit_changes";
    }

    @Override
    public Optional<Target> target() {
        return Optional.of(new Target.MinRowsPerCore(300_000));
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        return VeloApps.statement(name(), """
                SELECT device, _window_start AS window_start, _window_end AS window_end,
                       COUNT(*) AS n, SUM(amount) AS total
                FROM events
                GROUP BY device
                WINDOW TUMBLING(ts, 1m)
                EMIT CHANGES""", withCsvSink(sourceKeys(inputDir, true), output));
    }

    /**
     * Flink SQL's window aggregations emit only when the window closes, so the per-row form is a GROUP BY on the
     * window's start, computed from the event time: an updating query, written as a changelog whose rows after each
     * change are velo's delta rows. (No row is late, so velo dropping late rows makes no difference; unlike velo,
     * Flink SQL keeps every window's totals in state, having no watermark to drop them on.)
     */
    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        FlinkSql.HeaderlessCopy copy = FlinkSql.HeaderlessCopy.of(Event.input(inputDir));
        return new FlinkSql.Expressed(List.of(FlinkSqlTables.events(copy)), """
                SELECT device, window_start, window_start + INTERVAL '1' MINUTE AS window_end,
                       COUNT(*) AS n, SUM(amount) AS total
                FROM (SELECT device, amount, TO_TIMESTAMP_LTZ(ts - MOD(ts, 60000), 3) AS window_start FROM events)
                GROUP BY device, window_start""",
                FlinkSql.columns("device STRING, window_start TIMESTAMP_LTZ(3), window_end TIMESTAMP_LTZ(3), "
                        + "n BIGINT, total DECIMAL(38,2)"), FlinkSql.OutputForm.CHANGELOG_CHANGES, List.of(copy));
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        SingleTextFile.lines(env, Event.input(inputDir), Event.CSV_HEADER)
                .map(Event::fromCsv).returns(Event.class).setParallelism(1)
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<Event>forBoundedOutOfOrderness(Duration.ofSeconds(WATERMARK_BOUND_SECONDS))
                        .withTimestampAssigner((e, previous) -> e.ts())).setParallelism(1)
                .keyBy(Event::device, Types.STRING)
                .process(new WindowDeltas()).returns(Types.STRING)
                .sinkTo(new LineFileSink(output, HEADER)).setParallelism(1);
    }

    static final class WindowDeltas extends KeyedProcessFunction<String, Event, String> {
        private static final TypeInformation<Tuple2<Long, BigDecimal>> TOTALS =
                TypeInformation.of(new TypeHint<Tuple2<Long, BigDecimal>>() { });
        private transient MapState<Long, Tuple2<Long, BigDecimal>> totalsByWindowStart;

        @Override
        public void open(OpenContext context) {
            totalsByWindowStart = getRuntimeContext().getMapState(
                    new MapStateDescriptor<>("totals", Types.LONG, TOTALS));
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<String> out) throws Exception {
            long start = e.ts() - Math.floorMod(e.ts(), WINDOW_MILLIS);
            long end = start + WINDOW_MILLIS;
            if (end <= ctx.timerService().currentWatermark()) {
                return; // late: its window has closed
            }
            Tuple2<Long, BigDecimal> totals = totalsByWindowStart.get(start);
            if (totals == null) {
                totals = Tuple2.of(0L, BigDecimal.ZERO.setScale(2));
                ctx.timerService().registerEventTimeTimer(end - 1);
            }
            totals = Tuple2.of(totals.f0 + 1, totals.f1.add(e.amount()));
            totalsByWindowStart.put(start, totals);
            out.collect(e.device() + ',' + Event.timestamp(start) + ',' + Event.timestamp(end) + ',' + totals.f0 + ','
                    + totals.f1.toPlainString());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            totalsByWindowStart.remove(timestamp + 1 - WINDOW_MILLIS);
        }
    }
}
