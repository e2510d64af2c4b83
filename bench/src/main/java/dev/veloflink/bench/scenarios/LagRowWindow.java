package dev.veloflink.bench.scenarios;

import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.bench.baseline.SingleTextFile;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A row window: LAG over a 10-row buffer per device, one output row per input row. Baseline: a KeyedProcessFunction
 * keeping the same buffer in ListState. Event times rise with arrival, so ORDER BY ts is arrival order on both sides.
 */
public final class LagRowWindow extends StatefulScenario {
    static final String HEADER = "device,ts,amount,prev_amount";
    static final int BUFFER_ROWS = 10;

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

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        SingleTextFile.lines(env, Event.input(inputDir), Event.CSV_HEADER)
                .map(Event::fromCsv).returns(Event.class).setParallelism(1)
                .keyBy(Event::device, Types.STRING)
                .process(new PreviousAmount()).returns(Types.STRING)
                .sinkTo(new LineFileSink(output, HEADER)).setParallelism(1);
    }

    /** The last {@value BUFFER_ROWS} amounts of a device, oldest first; LAG is the one before the newest. */
    static final class PreviousAmount extends KeyedProcessFunction<String, Event, String> {
        private transient ListState<BigDecimal> buffer;

        @Override
        public void open(OpenContext context) {
            buffer = getRuntimeContext().getListState(new ListStateDescriptor<>("buffer", Types.BIG_DEC));
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<String> out) throws Exception {
            List<BigDecimal> rows = new ArrayList<>(BUFFER_ROWS + 1);
            for (BigDecimal amount : buffer.get()) {
                rows.add(amount);
            }
            BigDecimal previous = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            rows.add(e.amount());
            if (rows.size() > BUFFER_ROWS) {
                rows.remove(0);
            }
            buffer.update(rows);
            out.collect(e.device() + ',' + e.ts() + ',' + e.amount().toPlainString() + ','
                    + (previous == null ? "" : previous.toPlainString()));
        }
    }
}
