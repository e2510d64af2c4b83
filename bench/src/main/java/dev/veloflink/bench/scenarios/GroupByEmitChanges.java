package dev.veloflink.bench.scenarios;

import java.util.List;
import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.bench.baseline.SingleTextFile;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.math.BigDecimal;
import java.nio.file.Path;

/** GROUP BY without a window, EMIT CHANGES: per-key state read and written, and one output row, for every input row. */
public final class GroupByEmitChanges extends StatefulScenario {
    static final String HEADER = "device,n,total";

    @Override
    public String name() {
        return "group_by_emit_changes";
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        return VeloApps.statement(name(), """
                SELECT device, COUNT(*) AS n, SUM(amount) AS total
                FROM events
                GROUP BY device
                EMIT CHANGES""", withCsvSink(sourceKeys(inputDir, false), output));
    }

    /**
     * The same GROUP BY. In Flink SQL's streaming mode it is an updating query: the sink writes its changelog
     * (debezium-json), whose row after each change is what velo's EMIT CHANGES writes per input row.
     */
    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        FlinkSql.HeaderlessCopy copy = FlinkSql.HeaderlessCopy.of(Event.input(inputDir));
        return new FlinkSql.Expressed(List.of(FlinkSqlTables.events(copy)), """
                SELECT device, COUNT(*) AS n, SUM(amount) AS total
                FROM events
                GROUP BY device""", FlinkSql.columns("device STRING, n BIGINT, total DECIMAL(38,2)"),
                FlinkSql.OutputForm.CHANGELOG_CHANGES, List.of(copy));
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        SingleTextFile.lines(env, Event.input(inputDir), Event.CSV_HEADER)
                .map(Event::fromCsv).returns(Event.class).setParallelism(1)
                .keyBy(Event::device, Types.STRING)
                .process(new RunningTotals()).returns(Types.STRING)
                .sinkTo(new LineFileSink(output, HEADER)).setParallelism(1);
    }

    /** The count and the exact sum of a device so far, updated and written for every event. */
    static final class RunningTotals extends KeyedProcessFunction<String, Event, String> {
        private transient ValueState<Long> count;
        private transient ValueState<BigDecimal> sum;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Types.BIG_DEC));
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<String> out) throws Exception {
            Long n = count.value();
            long newCount = n == null ? 1 : n + 1;
            BigDecimal total = sum.value();
            BigDecimal newSum = total == null ? e.amount() : total.add(e.amount());
            count.update(newCount);
            sum.update(newSum);
            out.collect(e.device() + ',' + newCount + ',' + newSum.toPlainString());
        }
    }
}
