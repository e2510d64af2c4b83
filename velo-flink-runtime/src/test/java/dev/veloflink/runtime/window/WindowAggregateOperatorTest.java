package dev.veloflink.runtime.window;

import dev.veloflink.runtime.testing.TestStateBackend;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.veloflink.runtime.RowProjection;
import dev.veloflink.runtime.aggregate.AggregateCall;
import dev.veloflink.runtime.aggregate.AggregationSpec;
import dev.veloflink.runtime.aggregate.EmitMode;
import dev.veloflink.runtime.testing.Exprs;
import dev.veloflink.runtime.testing.Harnesses;
import dev.veloflink.runtime.testing.Harnesses.Event;
import dev.veloflink.runtime.testing.TestAccumulators;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.veloflink.runtime.testing.Harnesses.at;
import static dev.veloflink.runtime.testing.Harnesses.event;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §9.4, §9.5, §10 through Flink's keyed operator harness. Input rows: [group, amount]. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStateBackend.class)
class WindowAggregateOperatorTest {
    /** Every test runs on the heap and on the RocksDB backend. */
    @Parameter
    TestStateBackend backend;

    static final long MINUTE = 60_000;
    static final RowTypeInfo INPUT = new RowTypeInfo(Types.STRING, Types.BIG_DEC);
    static final OutputTag<Row> LATE = WindowedAggregation.lateRowsTag(INPUT);

    static final String T10_00 = "" + at("2024-05-01T10:00:00Z");
    static final String T10_01 = "" + at("2024-05-01T10:01:00Z");
    static final String T10_02 = "" + at("2024-05-01T10:02:00Z");
    static final String T10_03 = "" + at("2024-05-01T10:03:00Z");

    /** COUNT(*), SUM(amount); intermediate row [group, n, total, _window_start, _window_end]. */
    static AggregationSpec countAndSum(EmitMode mode, RowProjection output) {
        return new AggregationSpec("s", List.of(
                AggregateCall.of(TestAccumulators.countStar(), List.of()),
                AggregateCall.of(TestAccumulators.sum(), List.of(Exprs.field(1)))),
                output, null, mode);
    }

    Supplier<OneInputStreamOperatorTestHarness<Row, Row>> harness(WindowSpec window, LateDataPolicy late,
                                                                        AggregationSpec spec) {
        return Harnesses.unchecked(() -> Harnesses.keyed(backend, new WindowAggregateOperator(window, late, spec, LATE),
                row -> Row.of(row.getField(0)), new RowTypeInfo(Types.STRING)));
    }

    static Event order(String time, String group, String amount) {
        return event(at(time), group, new BigDecimal(amount));
    }

    /** Checks the output with and without a snapshot/restore after every possible row. */
    static List<String> runEverywhereRestored(Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h, long bound,
                                              List<Event> events) throws Exception {
        List<String> uninterrupted = Harnesses.run(h, bound, events, -1, true);
        for (int cut = 1; cut < events.size(); cut++) {
            assertThat(Harnesses.run(h, bound, events, cut, true)).as("snapshot after %d rows", cut)
                    .isEqualTo(uninterrupted);
        }
        return uninterrupted;
    }

    // §9.7 worked example: customer, amount; bound 0s.
    static final List<Event> WORKED = List.of(
            order("2024-05-01T10:00:05Z", "a", "10"), order("2024-05-01T10:00:20Z", "b", "5"),
            order("2024-05-01T10:00:40Z", "a", "2"), order("2024-05-01T10:01:10Z", "a", "4"),
            order("2024-05-01T10:01:15Z", "b", "0"));

    @Test
    void workedExampleQ4WindowFinalFiresWhenTheWatermarkPassesTheEnd() throws Exception {
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h = harness(new WindowSpec.Tumbling(MINUTE),
                LateDataPolicy.drop(), countAndSum(EmitMode.FINAL, Exprs.fields(3, 0, 1, 2)));
        // Up to r3 nothing fires; r4 moves W to 10:01:10 and fires [10:00, 10:01).
        assertThat(Harnesses.run(h, 0, WORKED.subList(0, 3), -1, false)).isEmpty();
        assertThat(Harnesses.run(h, 0, WORKED.subList(0, 4), -1, false)).containsExactlyInAnyOrder(
                "+I[" + T10_00 + ", a, 2, 12]@" + T10_01, "+I[" + T10_00 + ", b, 1, 5]@" + T10_01);
        assertThat(runEverywhereRestored(h, 0, WORKED)).containsExactlyInAnyOrder(
                "+I[" + T10_00 + ", a, 2, 12]@" + T10_01, "+I[" + T10_00 + ", b, 1, 5]@" + T10_01,
                "+I[" + T10_01 + ", a, 1, 4]@" + T10_02, "+I[" + T10_01 + ", b, 1, 0]@" + T10_02);
    }

    @Test
    void workedExampleQ5WindowChangesEmitsOneDeltaPerRowAndNothingOnClose() throws Exception {
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h = harness(new WindowSpec.Tumbling(MINUTE),
                LateDataPolicy.drop(), countAndSum(EmitMode.CHANGES, Exprs.fields(3, 0, 1, 2)));
        assertThat(runEverywhereRestored(h, 0, WORKED)).containsExactly(
                "+I[" + T10_00 + ", a, 1, 10]@" + T10_01,
                "+I[" + T10_00 + ", b, 1, 5]@" + T10_01,
                "+U[" + T10_00 + ", a, 2, 12]@" + T10_01,
                "+I[" + T10_01 + ", a, 1, 4]@" + T10_02,
                "+I[" + T10_01 + ", b, 1, 0]@" + T10_02);
    }

    // Example 05: out-of-order orders with a 10 s bound; order 7 is late.
    static final List<Event> EXAMPLE_05 = List.of(
            order("2024-05-01T10:00:05Z", "north", "10.00"), order("2024-05-01T10:00:20Z", "south", "20.00"),
            order("2024-05-01T10:00:50Z", "north", "5.50"), order("2024-05-01T10:01:05Z", "north", "7.25"),
            order("2024-05-01T10:00:58Z", "south", "12.00"), order("2024-05-01T10:01:12Z", "south", "3.00"),
            order("2024-05-01T10:00:59Z", "north", "1.00"), order("2024-05-01T10:01:40Z", "north", "2.00"),
            order("2024-05-01T10:02:15Z", "south", "8.00"), order("2024-05-01T10:02:30Z", "north", "4.00"));

    static final List<String> EXAMPLE_05_EXPECTED = List.of(
            "+I[" + T10_00 + ", " + T10_01 + ", north, 2, 15.50]@" + T10_01,
            "+I[" + T10_00 + ", " + T10_01 + ", south, 2, 32.00]@" + T10_01,
            "+I[" + T10_01 + ", " + T10_02 + ", north, 2, 9.25]@" + T10_02,
            "+I[" + T10_01 + ", " + T10_02 + ", south, 1, 3.00]@" + T10_02,
            "+I[" + T10_02 + ", " + T10_03 + ", north, 1, 4.00]@" + T10_03,
            "+I[" + T10_02 + ", " + T10_03 + ", south, 1, 8.00]@" + T10_03);

    static AggregationSpec example05Spec() {
        return countAndSum(EmitMode.FINAL, Exprs.fields(3, 4, 0, 1, 2));
    }

    @Test
    void example05OutOfOrderRowCountsAndTheLateRowIsDroppedAndCounted() throws Exception {
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h = harness(new WindowSpec.Tumbling(MINUTE),
                LateDataPolicy.drop(), example05Spec());
        assertThat(runEverywhereRestored(h, 10_000, EXAMPLE_05)).containsExactlyInAnyOrderElementsOf(
                EXAMPLE_05_EXPECTED);

        OneInputStreamOperatorTestHarness<Row, Row> single = h.get();
        single.open();
        Harnesses.Feeder feeder = new Harnesses.Feeder(10_000);
        for (Event e : EXAMPLE_05) {
            feeder.feed(single, e);
        }
        assertThat(lateDropped(single, "s")).isEqualTo(1L);
        assertThat(single.getSideOutput(LATE)).isNull();
        single.close();
    }

    @Test
    void deadLetterSendsTheLateInputRowToTheSideOutputAndCountsIt() throws Exception {
        OneInputStreamOperatorTestHarness<Row, Row> h = harness(new WindowSpec.Tumbling(MINUTE),
                LateDataPolicy.deadLetter(), example05Spec()).get();
        h.open();
        Harnesses.Feeder feeder = new Harnesses.Feeder(10_000);
        for (Event e : EXAMPLE_05) {
            feeder.feed(h, e);
        }
        h.processWatermark(Watermark.MAX_WATERMARK);
        assertThat(Harnesses.drain(h)).containsExactlyInAnyOrderElementsOf(EXAMPLE_05_EXPECTED);
        List<String> late = new ArrayList<>();
        for (StreamRecord<Row> r : h.getSideOutput(LATE)) {
            late.add(r.getValue() + "@" + r.getTimestamp());
        }
        assertThat(late).containsExactly("+I[north, 1.00]@" + at("2024-05-01T10:00:59Z"));
        assertThat(lateDropped(h, "s")).isEqualTo(1L);
        h.close();
    }

    @Test
    void updatePreviousReEmitsTheCorrectedResultWithinTheAllowedLatenessAndDropsLaterRows() throws Exception {
        List<Event> events = new ArrayList<>(EXAMPLE_05);
        // After order 8 W is 10:01:30, past [10:00, 10:01) + 10 s of allowed lateness: this one is dropped.
        events.add(8, order("2024-05-01T10:00:10Z", "south", "100.00"));
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h = harness(new WindowSpec.Tumbling(MINUTE),
                LateDataPolicy.updatePrevious(10_000), example05Spec());
        List<String> out = runEverywhereRestored(h, 10_000, events);
        List<String> expected = new ArrayList<>(EXAMPLE_05_EXPECTED);
        expected.add("+U[" + T10_00 + ", " + T10_01 + ", north, 3, 16.50]@" + T10_01);
        assertThat(out).containsExactlyInAnyOrderElementsOf(expected);
        // The correction comes right after order 7, before [10:01, 10:02) fires.
        assertThat(out.indexOf(expected.get(6))).isLessThan(out.indexOf(EXAMPLE_05_EXPECTED.get(2)));

        OneInputStreamOperatorTestHarness<Row, Row> single = h.get();
        single.open();
        Harnesses.Feeder feeder = new Harnesses.Feeder(10_000);
        for (Event e : events) {
            feeder.feed(single, e);
        }
        assertThat(lateDropped(single, "s")).isEqualTo(1L);
        single.close();
    }

    @Test
    void aRowExactlyAtTheEndBelongsToTheNextWindow() throws Exception {
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h = harness(new WindowSpec.Tumbling(MINUTE),
                LateDataPolicy.drop(), example05Spec());
        List<String> out = Harnesses.run(h, 0, List.of(
                order("2024-05-01T10:00:59.999Z", "x", "1"), order("2024-05-01T10:01:00Z", "x", "2")), -1, true);
        assertThat(out).containsExactly(
                "+I[" + T10_00 + ", " + T10_01 + ", x, 1, 1]@" + T10_01,
                "+I[" + T10_01 + ", " + T10_02 + ", x, 1, 2]@" + T10_02);
    }

    @Test
    void slidingChangesEmitOneRowPerWindowInWindowStartOrder() throws Exception {
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h = harness(new WindowSpec.Sliding(10_000, 5_000),
                LateDataPolicy.drop(), countAndSum(EmitMode.CHANGES, Exprs.fields(3, 4, 1)));
        List<String> out = runEverywhereRestored(h, 0, List.of(event(7_000, "x", BigDecimal.ONE),
                event(12_000, "x", BigDecimal.ONE)));
        assertThat(out).containsExactly(
                "+I[0, 10000, 1]@10000", "+I[5000, 15000, 1]@15000",
                "+U[5000, 15000, 2]@15000", "+I[10000, 20000, 1]@20000");
    }

    @Test
    void slidingRowCountsInItsWindowsThatHaveNotFired() throws Exception {
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h = harness(new WindowSpec.Sliding(10_000, 5_000),
                LateDataPolicy.drop(), countAndSum(EmitMode.FINAL, Exprs.fields(3, 4, 1)));
        // W = 11 s: [0, 10) has fired, [5, 15) has not; the row at 7 s only counts in the latter.
        List<String> out = Harnesses.run(h, 0, List.of(event(11_000, "x", BigDecimal.ONE),
                event(7_000, "x", BigDecimal.ONE)), -1, true);
        assertThat(out).containsExactly("+I[5000, 15000, 2]@15000", "+I[10000, 20000, 1]@20000");
    }

    // Example 06: sessions with a 30 s gap and a 15 s bound; +120 arrives after +140 and merges two sessions.
    static Event reading(int secondsAfter10, String sensor, String value) {
        return event(at("2024-05-01T10:00:00Z") + secondsAfter10 * 1000L, sensor, new BigDecimal(value));
    }

    static final List<Event> EXAMPLE_06 = List.of(
            reading(0, "s1", "20.5"), reading(5, "s2", "18.0"), reading(20, "s1", "21.0"), reading(45, "s1", "22.5"),
            reading(30, "s2", "18.4"), reading(100, "s1", "19.0"), reading(140, "s1", "19.5"),
            reading(120, "s1", "20.0"), reading(110, "s2", "17.5"), reading(200, "s2", "17.9"));

    static String session(String sensor, int start, int end, int count, String avg) {
        long base = at("2024-05-01T10:00:00Z");
        return "+I[" + sensor + ", " + (base + start * 1000L) + ", " + (base + end * 1000L) + ", " + count + ", "
                + avg + "]@" + (base + end * 1000L);
    }

    @Test
    void example06SessionsMergeWhenALateArrivingRowBridgesThem() throws Exception {
        AggregationSpec spec = new AggregationSpec("s", List.of(
                AggregateCall.of(TestAccumulators.countStar(), List.of()),
                AggregateCall.of(TestAccumulators.decimalAvg(), List.of(Exprs.field(1)))),
                Exprs.fields(0, 3, 4, 1, 2), null, EmitMode.FINAL);
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h = harness(new WindowSpec.Session(30_000),
                LateDataPolicy.drop(), spec);
        assertThat(runEverywhereRestored(h, 15_000, EXAMPLE_06)).containsExactlyInAnyOrder(
                session("s2", 5, 60, 2, "18.2000"),
                session("s1", 0, 75, 3, "21.3333"),
                session("s2", 110, 140, 1, "17.5000"),
                session("s1", 100, 170, 3, "19.5000"),
                session("s2", 200, 230, 1, "17.9000"));
    }

    @Test
    void sessionChangesDeleteEveryKeyEmittedBeforeTheBoundsChanged() throws Exception {
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h = harness(new WindowSpec.Session(30_000),
                LateDataPolicy.drop(), countAndSum(EmitMode.CHANGES, Exprs.fields(3, 4, 1)));
        List<String> out = runEverywhereRestored(h, 60_000, List.of(
                event(0, "x", BigDecimal.ONE), event(10_000, "x", BigDecimal.ONE),
                event(10_000, "x", BigDecimal.ONE), event(50_000, "x", BigDecimal.ONE),
                event(35_000, "x", BigDecimal.ONE)));
        assertThat(out).containsExactly(
                "+I[0, 30000, 1]@30000",
                "-D[0, 30000, 1]@30000", "+I[0, 40000, 2]@40000",
                "+U[0, 40000, 3]@40000",
                "+I[50000, 80000, 1]@80000",
                "-D[0, 40000, 3]@40000", "-D[50000, 80000, 1]@80000", "+I[0, 80000, 5]@80000");
    }

    @Test
    void aSessionRowIsLateWhenItsGapEndsAtOrBeforeTheWatermark() throws Exception {
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h = harness(new WindowSpec.Session(30_000),
                LateDataPolicy.drop(), countAndSum(EmitMode.FINAL, Exprs.fields(3, 4, 1)));
        // W = 100 s. A row at 70 s (70 + 30 <= 100) is late; one at 71 s opens [71, 101) next to the fired one.
        List<String> out = Harnesses.run(h, 0, List.of(event(60_000, "x", BigDecimal.ONE),
                event(100_000, "y", BigDecimal.ONE), event(70_000, "x", BigDecimal.ONE),
                event(71_000, "x", BigDecimal.ONE)), -1, true);
        assertThat(out).containsExactlyInAnyOrder("+I[60000, 90000, 1]@90000", "+I[100000, 130000, 1]@130000",
                "+I[71000, 101000, 1]@101000");
    }

    private static long lateDropped(OneInputStreamOperatorTestHarness<Row, Row> h, String statement) {
        Object acc = h.getEnvironment().getAccumulatorRegistry().getUserMap()
                .get("velo_late_records_dropped_total{statement=\"" + statement + "\"}");
        return acc == null ? 0L : ((org.apache.flink.api.common.accumulators.LongCounter) acc).getLocalValue();
    }
}
