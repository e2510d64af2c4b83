package dev.veloflink.bench.scenarios;

import java.util.List;
import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.bench.baseline.SingleTextFile;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One-minute tumbling windows on event time, EMIT FINAL: rows are folded into per-window accumulators and written
 * when the watermark passes the window end. Baseline: Flink's own window operator with an incremental aggregate.
 */
public final class TumblingEmitFinal extends StatefulScenario {
    static final String HEADER = "window_start,window_end,device,n,total";

    @Override
    public String name() {
        return "tumbling_emit_final";
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        return VeloApps.statement(name(), """
                SELECT _window_start AS window_start, _window_end AS window_end, device,
                       COUNT(*) AS n, SUM(amount) AS total
                FROM events
                WINDOW TUMBLING(ts, 1m)
                GROUP BY device
                EMIT FINAL""", withCsvSink(sourceKeys(inputDir, true), output));
    }

    /** Flink SQL's tumbling window table function on the event time, which emits when the watermark passes its end. */
    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        FlinkSql.HeaderlessCopy copy = FlinkSql.HeaderlessCopy.of(Event.input(inputDir));
        return new FlinkSql.Expressed(List.of(FlinkSqlTables.events(copy, FlinkSqlTables.EVENT_TIME)), """
                SELECT window_start, window_end, device, COUNT(*) AS n, SUM(amount) AS total
                FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(rt), INTERVAL '1' MINUTE))
                GROUP BY window_start, window_end, device""",
                FlinkSql.columns("window_start TIMESTAMP(3), window_end TIMESTAMP(3), device STRING, n BIGINT, "
                        + "total DECIMAL(38,2)"), FlinkSql.OutputForm.CSV, List.of(copy));
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        SingleTextFile.lines(env, Event.input(inputDir), Event.CSV_HEADER)
                .map(Event::fromCsv).returns(Event.class).setParallelism(1)
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<Event>forBoundedOutOfOrderness(Duration.ofSeconds(WATERMARK_BOUND_SECONDS))
                        .withTimestampAssigner((e, previous) -> e.ts())).setParallelism(1)
                .keyBy(Event::device, Types.STRING)
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
                .aggregate(new CountAndSum(), new WithWindowBounds()).returns(Types.STRING)
                .sinkTo(new LineFileSink(output, HEADER)).setParallelism(1);
    }

    /** COUNT(*) and an exact SUM, as mutable accumulators (the obvious AggregateFunction). */
    static final class Totals implements Serializable {
        long count;
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
    }

    static final class CountAndSum implements AggregateFunction<Event, Totals, Totals> {
        @Override
        public Totals createAccumulator() {
            return new Totals();
        }

        @Override
        public Totals add(Event e, Totals t) {
            t.count++;
            t.sum = t.sum.add(e.amount());
            return t;
        }

        @Override
        public Totals getResult(Totals t) {
            return t;
        }

        @Override
        public Totals merge(Totals a, Totals b) {
            a.count += b.count;
            a.sum = a.sum.add(b.sum);
            return a;
        }
    }

    static final class WithWindowBounds extends ProcessWindowFunction<Totals, String, String, TimeWindow> {
        @Override
        public void process(String device, Context ctx, Iterable<Totals> totals, Collector<String> out) {
            Totals t = totals.iterator().next();
            TimeWindow w = ctx.window();
            out.collect(Event.timestamp(w.getStart()) + ',' + Event.timestamp(w.getEnd()) + ',' + device + ','
                    + t.count + ',' + t.sum.toPlainString());
        }
    }
}
