package dev.veloflink.bench.scenarios;

import java.util.List;
import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.bench.baseline.SingleTextFile;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * A row window: LAG over a 10-row buffer per device, one output row per input row. Baseline: a KeyedProcessFunction
 * keeping the previous amount in one ValueState. Event times rise with arrival, so ORDER BY ts is arrival order on both
 * sides.
 */
public final class LagRowWindow extends StatefulScenario {
    static final String HEADER = "device,ts,amount,prev_amount";

    @Override
    public String name() {
        return "lag_row_window";
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        return VeloApps.statement(name(), """
                SELECT device, ts, amount,
                       LAG(amount) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY device ORDER BY ts) AS prev_amount
                FROM events""", withCsvSink(sourceKeys(inputDir, false), output));
    }

    /**
     * LAG over the device's rows in arrival order. Flink SQL orders an OVER window by a time attribute only; the
     * processing time orders rows as they arrive, which is ts order here, and emits each row at once, as velo's row
     * window does (an event-time OVER would hold rows back until the watermark passes them).
     */
    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        FlinkSql.HeaderlessCopy copy = FlinkSql.HeaderlessCopy.of(Event.input(inputDir));
        return new FlinkSql.Expressed(List.of(FlinkSqlTables.events(copy, "pt AS PROCTIME()")), """
                SELECT device, ts, amount, LAG(amount) OVER (PARTITION BY device ORDER BY pt) AS prev_amount
                FROM events""",
                FlinkSql.columns("device STRING, ts BIGINT, amount DECIMAL(8,2), prev_amount DECIMAL(8,2)"),
                FlinkSql.OutputForm.CSV, List.of(copy));
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        SingleTextFile.lines(env, Event.input(inputDir), Event.CSV_HEADER)
                .map(Event::fromCsv).returns(Event.class).setParallelism(1)
                .keyBy(Event::device, Types.STRING)
                .process(new PreviousAmount()).returns(Types.STRING)
                .sinkTo(new LineFileSink(output, HEADER)).setParallelism(1);
    }

    /**
     * LAG(amount) needs only the previous amount of a device: one ValueState, as a Flink engineer would keep it (the
     * 10-row buffer velo declares bounds what LAG may reach, and LAG reaches one row back).
     */
    static final class PreviousAmount extends KeyedProcessFunction<String, Event, String> {
        private transient ValueState<BigDecimal> previousAmount;

        @Override
        public void open(OpenContext context) {
            previousAmount = getRuntimeContext().getState(new ValueStateDescriptor<>("previous_amount", Types.BIG_DEC));
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<String> out) throws Exception {
            BigDecimal previous = previousAmount.value();
            previousAmount.update(e.amount());
            out.collect(e.device() + ',' + e.ts() + ',' + e.amount().toPlainString() + ','
                    + (previous == null ? "" : previous.toPlainString()));
        }
    }
}
