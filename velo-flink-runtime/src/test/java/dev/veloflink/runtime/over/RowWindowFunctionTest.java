package dev.veloflink.runtime.over;

import dev.veloflink.runtime.testing.TestStateBackend;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.testing.Exprs;
import dev.veloflink.runtime.testing.Harnesses;
import dev.veloflink.runtime.testing.Harnesses.Event;
import dev.veloflink.runtime.testing.TestAccumulators;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.veloflink.runtime.testing.Harnesses.at;
import static dev.veloflink.runtime.testing.Harnesses.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC §11 and example 07. Input rows: [device_id, read_at, temp_c]. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStateBackend.class)
class RowWindowFunctionTest {
    /** Every test runs on the heap and on the RocksDB backend. */
    @Parameter
    TestStateBackend backend;

    static final RowTypeInfo INPUT = new RowTypeInfo(Types.STRING, Types.LONG, Types.BIG_DEC);

    static Event reading(String device, String time, String temp) {
        long t = at("2024-05-01T" + time + ":00Z");
        return event(t, device, t, new BigDecimal(temp));
    }

    static final List<Event> EXAMPLE_07 = List.of(
            reading("D1", "08:00", "21.40"), reading("D2", "08:00", "19.00"), reading("D1", "08:05", "21.65"),
            reading("D1", "08:10", "21.15"), reading("D2", "08:05", "19.30"), reading("D1", "08:15", "21.30"),
            reading("D2", "08:10", "18.90"), reading("D1", "08:20", "21.80"));

    Supplier<OneInputStreamOperatorTestHarness<Row, Row>> harness(RowWindowSpec spec) {
        return Harnesses.unchecked(() -> Harnesses.keyed(backend, new KeyedProcessOperator<>(new RowWindowFunction(spec)),
                row -> Row.of(row.getField(0)), new RowTypeInfo(Types.STRING)));
    }

    /** LAG(temp_c) over a 5-row buffer ordered by read_at; AVG(temp_c) over ROWS 2 PRECEDING, standard form. */
    static RowWindowSpec example07() {
        return new RowWindowSpec("temperature_trend", INPUT,
                List.of(new OverBuffer(5, List.of(new OrderKey(Exprs.field(1), false))),
                        new OverBuffer(OverBuffer.STANDARD_CAPACITY, List.of())),
                List.of(OverCall.of(0, new OverFunction.Lag(Exprs.field(2), 1, null)),
                        new OverCall(1, new OverFunction.Aggregate(TestAccumulators.decimalAvg(),
                                List.of(Exprs.field(2))),
                                Frame.rows(Frame.Bound.preceding(2), Frame.Bound.currentRow()))),
                null);
    }

    static List<String> values(List<String> out) {
        // Drop the read_at field and timestamp for readability: [device, temp, lag, avg].
        List<String> rows = new ArrayList<>();
        for (String line : out) {
            String[] f = line.substring(3, line.indexOf(']')).split(", ");
            rows.add(f[0] + "," + f[2] + "," + f[3] + "," + f[4]);
        }
        return rows;
    }

    @Test
    void example07LagAndMovingAverageOnePerInputRowInInputOrder() throws Exception {
        List<String> uninterrupted = Harnesses.run(harness(example07()), 0, EXAMPLE_07, -1, true);
        assertThat(values(uninterrupted)).containsExactly(
                "D1,21.40,null,21.4000", "D2,19.00,null,19.0000", "D1,21.65,21.40,21.5250",
                "D1,21.15,21.65,21.4000", "D2,19.30,19.00,19.1500", "D1,21.30,21.15,21.3667",
                "D2,18.90,19.30,19.0667", "D1,21.80,21.30,21.4167");
        // Output keeps the input's event time.
        assertThat(uninterrupted.get(0)).endsWith("@" + at("2024-05-01T08:00:00Z"));
        for (int cut = 1; cut < EXAMPLE_07.size(); cut++) {
            assertThat(Harnesses.run(harness(example07()), 0, EXAMPLE_07, cut, true)).as("snapshot after %d", cut)
                    .isEqualTo(uninterrupted);
        }
    }

    static final RowExpr TEMP = Exprs.field(2);

    /** One partition, ORDER BY temp_c, buffer of 4: the rank family and frame functions on a known buffer. */
    @Test
    void rankingAndFrameFunctionsSeeTheBufferInOrderByOrderAfterEviction() throws Exception {
        List<OverCall> calls = List.of(
                OverCall.of(0, new OverFunction.RowNumber()),
                OverCall.of(0, new OverFunction.Rank()),
                OverCall.of(0, new OverFunction.DenseRank()),
                OverCall.of(0, new OverFunction.PercentRank()),
                OverCall.of(0, new OverFunction.CumeDist()),
                OverCall.of(0, new OverFunction.Ntile(3)),
                OverCall.of(0, new OverFunction.Lead(TEMP, 1, (row, ctx) -> BigDecimal.ZERO)),
                new OverCall(0, new OverFunction.FirstValue(TEMP),
                        Frame.rows(Frame.Bound.unboundedPreceding(), Frame.Bound.unboundedFollowing())),
                new OverCall(0, new OverFunction.NthValue(TEMP, 2),
                        Frame.rows(Frame.Bound.unboundedPreceding(), Frame.Bound.unboundedFollowing())),
                new OverCall(0, new OverFunction.Aggregate(TestAccumulators.sum(), List.of(TEMP)),
                        Frame.range(Frame.Bound.preceding(1), Frame.Bound.following(1))));
        RowWindowSpec spec = new RowWindowSpec("s", INPUT,
                List.of(new OverBuffer(4, List.of(new OrderKey(TEMP, false)))), calls, null);
        List<Event> events = new ArrayList<>();
        long t = 0;
        for (String temp : List.of("5", "3", "5", "9", "1", "5")) {
            events.add(event(++t, "D", t, new BigDecimal(temp)));
        }
        List<String> out = Harnesses.run(harness(spec), 0, events, -1, true);
        List<String> calc = new ArrayList<>();
        for (String line : out) {
            calc.add(line.substring(line.indexOf(", ", line.indexOf(", ") + 2) + 2, line.indexOf(']')));
        }
        // Buffers (ORDER BY temp): [5] / [3,5] / [3,5,5] / [3,5,5,9] / 1 arrives: [1,3,5,5,9] evicts 3 -> [1,5,5,9]
        // / 5 arrives: [1,5,5,5,9] evicts 1 -> [5,5,5,9].
        assertThat(calc).containsExactly(
                "5, 1, 1, 1, 0.0, 1.0, 1, 0, 5, null, 5",
                "3, 1, 1, 1, 0.0, 0.5, 1, 5, 3, 5, 3",
                "5, 3, 2, 2, 0.5, 1.0, 3, 0, 3, 5, 10",
                "9, 4, 4, 3, 1.0, 1.0, 3, 0, 3, 5, 9",
                "1, 1, 1, 1, 0.0, 0.25, 1, 5, 1, 5, 1",
                "5, 3, 1, 1, 0.0, 0.75, 2, 9, 5, 5, 15");
    }

    /**
     * Before the buffers were keyed values they were ListStates of the same names: such a savepoint is refused when
     * restored, naming the state types, instead of restoring with empty buffers.
     */
    @Test
    void aSavepointOfTheFormerListStateBuffersIsRefused() throws Exception {
        KeyedProcessFunction<Row, Row, Row> former = new KeyedProcessFunction<>() {
            private transient ListState<Row> buffer;

            @Override
            public void open(OpenContext context) {
                buffer = getRuntimeContext().getListState(new ListStateDescriptor<>("over-buffer-0", INPUT));
            }

            @Override
            public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
                buffer.add(row);
            }
        };
        OneInputStreamOperatorTestHarness<Row, Row> old = Harnesses.keyed(backend, new KeyedProcessOperator<>(former),
                row -> Row.of(row.getField(0)), new RowTypeInfo(Types.STRING));
        old.open();
        old.processElement(new StreamRecord<>(Row.of("D1", 1L, BigDecimal.ONE), 1));
        OperatorSubtaskState savepoint = old.snapshot(1L, 1L);
        old.close();

        OneInputStreamOperatorTestHarness<Row, Row> restored = harness(example07()).get();
        restored.initializeState(savepoint);
        assertThatThrownBy(() -> {
            restored.open();
            restored.processElement(new StreamRecord<>(Row.of("D1", 2L, BigDecimal.TEN), 2));
        }).hasStackTraceContaining("state types");
    }

    @Test
    void expireAfterInactivityClearsThePartitionBuffer() throws Exception {
        RowWindowSpec spec = new RowWindowSpec("s", INPUT, List.of(new OverBuffer(5, List.of())),
                List.of(OverCall.of(0, new OverFunction.Lag(TEMP, 1, null))), 60_000L);
        OneInputStreamOperatorTestHarness<Row, Row> h = harness(spec).get();
        h.open();
        h.setProcessingTime(0);
        h.processElement(new StreamRecord<>(Row.of("D", 1L, BigDecimal.ONE), 1));
        h.setProcessingTime(59_000);
        h.processElement(new StreamRecord<>(Row.of("D", 2L, BigDecimal.TEN), 2));
        h.setProcessingTime(118_000); // 59 s after the last row: still there
        h.processElement(new StreamRecord<>(Row.of("D", 3L, new BigDecimal("3")), 3));
        h.setProcessingTime(178_000); // 60 s of inactivity: expired
        h.processElement(new StreamRecord<>(Row.of("D", 4L, new BigDecimal("4")), 4));
        assertThat(Harnesses.drain(h)).containsExactly(
                "+I[D, 1, 1, null]@1", "+I[D, 2, 10, 1]@2", "+I[D, 3, 3, 10]@3", "+I[D, 4, 4, null]@4");
        h.close();
    }
}
