package dev.veloflink.runtime.it;

import dev.veloflink.runtime.aggregate.AggregateCall;
import dev.veloflink.runtime.aggregate.AggregationSpec;
import dev.veloflink.runtime.aggregate.EmitMode;
import dev.veloflink.runtime.group.GroupAggregation;
import dev.veloflink.runtime.order.OrderedRelease;
import dev.veloflink.runtime.order.ReleaseOrder;
import dev.veloflink.runtime.order.RowComparators;
import dev.veloflink.runtime.over.Frame;
import dev.veloflink.runtime.over.OrderKey;
import dev.veloflink.runtime.over.OverBuffer;
import dev.veloflink.runtime.over.OverCall;
import dev.veloflink.runtime.over.OverFunction;
import dev.veloflink.runtime.over.RowWindowSpec;
import dev.veloflink.runtime.over.RowWindows;
import dev.veloflink.runtime.testing.Exprs;
import dev.veloflink.runtime.testing.TestAccumulators;
import dev.veloflink.runtime.window.LateDataPolicy;
import dev.veloflink.runtime.window.WindowSpec;
import dev.veloflink.runtime.window.WindowedAggregation;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Each operator family in a real job on a MiniCluster, at parallelism 2 against parallelism 1. */
class OperatorsITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    /** Input rows [group, amount, event_time]. */
    static final RowTypeInfo INPUT = new RowTypeInfo(Types.STRING, Types.BIG_DEC, Types.LONG);

    static Row order(String group, String amount, String time) {
        return Row.of(group, new BigDecimal(amount), Instant.parse("2024-05-01T" + time + "Z").toEpochMilli());
    }

    static final List<Row> EXAMPLE_05 = List.of(
            order("north", "10.00", "10:00:05"), order("south", "20.00", "10:00:20"),
            order("north", "5.50", "10:00:50"), order("north", "7.25", "10:01:05"),
            order("south", "12.00", "10:00:58"), order("south", "3.00", "10:01:12"),
            order("north", "1.00", "10:00:59"), order("north", "2.00", "10:01:40"),
            order("south", "8.00", "10:02:15"), order("north", "4.00", "10:02:30"));

    /** SPEC §10.3: after each record, the largest event time so far minus the bound, handed to Flink as W - 1. */
    static final class PerRecordWatermarks implements WatermarkGenerator<Row> {
        private final long boundMs;
        private long max = Long.MIN_VALUE;

        PerRecordWatermarks(long boundMs) {
            this.boundMs = boundMs;
        }

        @Override
        public void onEvent(Row event, long eventTimestamp, WatermarkOutput output) {
            if (eventTimestamp > max) {
                max = eventTimestamp;
                output.emitWatermark(new Watermark(max - boundMs - 1));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }

    static KeyedStream<Row, Row> keyedInput(StreamExecutionEnvironment env, List<Row> rows, long boundMs) {
        DataStream<Row> in = env.fromData(rows, INPUT).setParallelism(1)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Row>forGenerator(ctx -> new PerRecordWatermarks(
                        boundMs)).withTimestampAssigner((row, ts) -> (Long) row.getField(2))).setParallelism(1);
        return in.keyBy(row -> Row.of(row.getField(0)), new RowTypeInfo(Types.STRING));
    }

    static List<String> run(int parallelism, Function<StreamExecutionEnvironment, DataStream<Row>> job)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        List<String> out = new ArrayList<>();
        try (CloseableIterator<Row> rows = job.apply(env).executeAndCollect()) {
            rows.forEachRemaining(r -> out.add(r.toString()));
        }
        return out;
    }

    /** Output lines grouped by their first field (the group key), keeping each key's order. */
    static Map<String, List<String>> perKey(List<String> lines) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (String line : lines) {
            byKey.computeIfAbsent(line.substring(3, line.indexOf(',')), k -> new ArrayList<>()).add(line);
        }
        return byKey;
    }

    static AggregationSpec countAndSum(String statement, EmitMode mode, int... output) {
        return new AggregationSpec(statement, List.of(
                AggregateCall.of(TestAccumulators.countStar(), List.of()),
                AggregateCall.of(TestAccumulators.sum(), List.of(Exprs.field(1)))),
                Exprs.fields(output), null, mode);
    }

    @Test
    void windowedEmitFinalThroughTheOrderedReleaseIsInWindowEndThenKeyOrderAtAnyParallelism() throws Exception {
        // Output [region, window_end, n, revenue]: the release sorts by window end (timestamp), then region.
        Function<StreamExecutionEnvironment, DataStream<Row>> job = env -> OrderedRelease.apply(
                WindowedAggregation.apply(keyedInput(env, EXAMPLE_05, 10_000), new WindowSpec.Tumbling(60_000),
                        LateDataPolicy.drop(), countAndSum("regional_revenue", EmitMode.FINAL, 0, 4, 1, 2),
                        new RowTypeInfo(Types.STRING, Types.LONG, Types.LONG, Types.BIG_DEC)),
                ReleaseOrder.byWindowEndThen(RowComparators.ascending(0)));
        long end1 = Instant.parse("2024-05-01T10:01:00Z").toEpochMilli();
        List<String> expected = List.of(
                "+I[north, " + end1 + ", 2, 15.50]", "+I[south, " + end1 + ", 2, 32.00]",
                "+I[north, " + (end1 + 60_000) + ", 2, 9.25]", "+I[south, " + (end1 + 60_000) + ", 1, 3.00]",
                "+I[north, " + (end1 + 120_000) + ", 1, 4.00]", "+I[south, " + (end1 + 120_000) + ", 1, 8.00]");
        assertThat(run(1, job)).isEqualTo(expected);
        assertThat(run(2, job)).isEqualTo(expected);
    }

    @Test
    void groupEmitChangesGivesTheSameRowsPerKeyAtParallelismTwo() throws Exception {
        Function<StreamExecutionEnvironment, DataStream<Row>> job = env -> GroupAggregation.apply(
                keyedInput(env, EXAMPLE_05, 0), countAndSum("totals", EmitMode.CHANGES, 0, 1, 2),
                new RowTypeInfo(Types.STRING, Types.LONG, Types.BIG_DEC));
        List<String> single = run(1, job);
        assertThat(single).hasSize(EXAMPLE_05.size());
        assertThat(perKey(run(2, job))).isEqualTo(perKey(single));
        assertThat(perKey(single).get("south")).containsExactly(
                "+I[south, 1, 20.00]", "+U[south, 2, 32.00]", "+U[south, 3, 35.00]", "+U[south, 4, 43.00]");
    }

    @Test
    void groupEmitFinalFlushIsInGroupKeyOrderAtAnyParallelism() throws Exception {
        Function<StreamExecutionEnvironment, DataStream<Row>> job = env -> OrderedRelease.apply(
                GroupAggregation.apply(keyedInput(env, EXAMPLE_05, 0), countAndSum("summary", EmitMode.FINAL, 0, 1, 2),
                        new RowTypeInfo(Types.STRING, Types.LONG, Types.BIG_DEC)),
                ReleaseOrder.atEndOfInput(RowComparators.ascending(0)));
        List<String> expected = List.of("+I[north, 6, 29.75]", "+I[south, 4, 43.00]");
        assertThat(run(1, job)).isEqualTo(expected);
        assertThat(run(2, job)).isEqualTo(expected);
    }

    @Test
    void rowWindowsGiveTheSameRowsPerPartitionAtParallelismTwo() throws Exception {
        RowWindowSpec spec = new RowWindowSpec("trend", INPUT,
                List.of(new OverBuffer(5, List.of(new OrderKey(Exprs.field(2), false))),
                        new OverBuffer(OverBuffer.STANDARD_CAPACITY, List.of())),
                List.of(OverCall.of(0, new OverFunction.Lag(Exprs.field(1), 1, null)),
                        new OverCall(1, new OverFunction.Aggregate(TestAccumulators.decimalAvg(),
                                List.of(Exprs.field(1))),
                                Frame.rows(Frame.Bound.preceding(2), Frame.Bound.currentRow()))),
                null);
        Function<StreamExecutionEnvironment, DataStream<Row>> job = env -> RowWindows.apply(
                keyedInput(env, EXAMPLE_05, 0), spec,
                new RowTypeInfo(Types.STRING, Types.BIG_DEC, Types.LONG, Types.BIG_DEC, Types.BIG_DEC));
        List<String> single = run(1, job);
        assertThat(single).hasSize(EXAMPLE_05.size());
        assertThat(perKey(run(2, job))).isEqualTo(perKey(single));
        // south: 20.00 at 10:00:20, 12.00 at 10:00:58, 3.00 at 10:01:12, 8.00 at 10:02:15.
        assertThat(perKey(single).get("south")).extracting(s -> s.replaceAll(", \\d{13}", ""))
                .containsExactly("+I[south, 20.00, null, 20.0000]", "+I[south, 12.00, 20.00, 16.0000]",
                        "+I[south, 3.00, 12.00, 11.6667]", "+I[south, 8.00, 3.00, 7.6667]");
    }
}
