package dev.veloflink.runtime.window;

import dev.veloflink.runtime.testing.TestStateBackend;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.veloflink.runtime.RowProjection;
import dev.veloflink.runtime.aggregate.AggregateCall;
import dev.veloflink.runtime.aggregate.AggregationSpec;
import dev.veloflink.runtime.aggregate.EmitMode;
import dev.veloflink.runtime.group.GroupAggregateOperator;
import dev.veloflink.runtime.testing.Exprs;
import dev.veloflink.runtime.testing.Harnesses;
import dev.veloflink.runtime.testing.Harnesses.Event;
import dev.veloflink.runtime.testing.TestAccumulators;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.veloflink.runtime.testing.Harnesses.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue's matrix: every window shape (and non-windowed GROUP BY) under EMIT CHANGES and EMIT FINAL, fed rows out
 * of order, rows later than the watermark under each late-data strategy, rows tied to window boundaries, and groups
 * whose aggregated values are all NULL. Every expected row is derived by hand from SPEC §9 and §10.
 *
 * <p>Query shape: {@code SELECT _window_start, _window_end, g, COUNT(*), SUM(amount), COUNT(amount) ... GROUP BY g}
 * with TUMBLING(10s), SLIDING(10s, 5s) or SESSION(10s); input rows are [g, amount], times in ms since the epoch.
 * Windowed rows print as {@code kind[start, end, g, n, sum, countAmount]@windowEnd}, group rows as
 * {@code kind[g, n, sum, countAmount]@eventTime}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStateBackend.class)
class WindowEmitMatrixTest {
    /** Every test runs on the heap and on the RocksDB backend. */
    @Parameter
    TestStateBackend backend;

    static final RowTypeInfo INPUT = new RowTypeInfo(Types.STRING, Types.BIG_DEC);
    static final OutputTag<Row> LATE = WindowedAggregation.lateRowsTag(INPUT);
    static final long SIZE = 10_000;
    static final long ADVANCE = 5_000;
    static final long GAP = 10_000;
    static final long ALLOWED_LATENESS = 20_000;

    enum Shape { TUMBLING, SLIDING, SESSION, GROUP_BY }

    enum Strategy { DROP, DEAD_LETTER, UPDATE_PREVIOUS }

    static Stream<Arguments> windowed() {
        return Stream.of(Shape.TUMBLING, Shape.SLIDING, Shape.SESSION)
                .flatMap(s -> Stream.of(Arguments.of(s, EmitMode.CHANGES), Arguments.of(s, EmitMode.FINAL)));
    }

    static Stream<Arguments> everyShape() {
        return Stream.concat(windowed(),
                Stream.of(Arguments.of(Shape.GROUP_BY, EmitMode.CHANGES), Arguments.of(Shape.GROUP_BY, EmitMode.FINAL)));
    }

    static Stream<Arguments> windowedUnderEveryStrategy() {
        return windowed().flatMap(a -> Stream.of(Strategy.values())
                .map(s -> Arguments.of(a.get()[0], a.get()[1], s)));
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    static Event row(long t, String group, String amount) {
        return event(t, group, amount == null ? null : new BigDecimal(amount));
    }

    static String w(String kind, long start, long end, String group, long n, String sum, long countAmount) {
        return kind + "[" + start + ", " + end + ", " + group + ", " + n + ", " + sum + ", " + countAmount + "]@" + end;
    }

    static String g(String kind, String group, long n, String sum, long countAmount, long time) {
        return kind + "[" + group + ", " + n + ", " + sum + ", " + countAmount + "]@" + time;
    }

    static AggregationSpec spec(EmitMode mode, RowProjection output) {
        return new AggregationSpec("s", List.of(
                AggregateCall.of(TestAccumulators.countStar(), List.of()),
                AggregateCall.of(TestAccumulators.sum(), List.of(Exprs.field(1))),
                // COUNT(amount): the same accumulator given an argument skips NULLs.
                AggregateCall.of(TestAccumulators.countStar(), List.of(Exprs.field(1)))),
                output, null, mode);
    }

    static WindowSpec window(Shape shape) {
        return switch (shape) {
            case TUMBLING -> new WindowSpec.Tumbling(SIZE);
            case SLIDING -> new WindowSpec.Sliding(SIZE, ADVANCE);
            case SESSION -> new WindowSpec.Session(GAP);
            case GROUP_BY -> throw new IllegalArgumentException("not windowed");
        };
    }

    static LateDataPolicy policy(Strategy strategy) {
        return switch (strategy) {
            case DROP -> LateDataPolicy.drop();
            case DEAD_LETTER -> LateDataPolicy.deadLetter();
            case UPDATE_PREVIOUS -> LateDataPolicy.updatePrevious(ALLOWED_LATENESS);
        };
    }

    Supplier<OneInputStreamOperatorTestHarness<Row, Row>> harness(Shape shape, EmitMode mode,
                                                                        Strategy strategy) {
        return Harnesses.unchecked(() -> {
            OneInputStreamOperator<Row, Row> operator = shape == Shape.GROUP_BY
                    // Intermediate group row: [g, n, sum, countAmount].
                    ? new GroupAggregateOperator<>(spec(mode, Exprs.fields(0, 1, 2, 3)))
                    // Intermediate window row: [g, n, sum, countAmount, _window_start, _window_end].
                    : new WindowAggregateOperator(window(shape), policy(strategy),
                            spec(mode, Exprs.fields(4, 5, 0, 1, 2, 3)), LATE);
            return Harnesses.keyed(backend, operator, r -> Row.of(r.getField(0)), new RowTypeInfo(Types.STRING));
        });
    }

    /** What one uninterrupted run to end of input produced. */
    record Outcome(List<String> rows, List<String> lateRows, long lateDropped) {
    }

    /**
     * Runs the events to end of input (watermark +inf) and also checks that a snapshot/restore after any row gives the
     * same rows (counters are per operator instance, so they are only read from the uninterrupted run).
     */
    Outcome run(Shape shape, EmitMode mode, Strategy strategy, long bound, List<Event> events)
            throws Exception {
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> factory = harness(shape, mode, strategy);
        OneInputStreamOperatorTestHarness<Row, Row> h = factory.get();
        h.open();
        Harnesses.Feeder feeder = new Harnesses.Feeder(bound);
        for (Event e : events) {
            feeder.feed(h, e);
        }
        h.processWatermark(Watermark.MAX_WATERMARK);
        List<String> rows = Harnesses.drain(h);
        List<String> late = new ArrayList<>();
        ConcurrentLinkedQueue<StreamRecord<Row>> side = h.getSideOutput(LATE);
        if (side != null) {
            for (StreamRecord<Row> r : side) {
                late.add(r.getValue() + "@" + r.getTimestamp());
            }
        }
        Object counter = h.getEnvironment().getAccumulatorRegistry().getUserMap()
                .get("velo_late_records_dropped_total{statement=\"s\"}");
        long dropped = counter == null ? 0L : ((LongCounter) counter).getLocalValue();
        h.close();
        for (int cut = 1; cut < events.size(); cut++) {
            assertThat(Harnesses.run(factory, bound, events, cut, true)).as("snapshot after %d rows", cut)
                    .isEqualTo(rows);
        }
        return new Outcome(rows, late, dropped);
    }

    // ---- 1. out-of-order rows within the bound --------------------------------------------------------------------

    /** Bound 5 s. After O2 W = 8 - 5 = 3 s; O3 at 1 s is behind O2 but not late for any of its windows. */
    static final List<Event> OUT_OF_ORDER = List.of(
            row(2_000, "x", "1"), row(8_000, "x", "2"), row(1_000, "x", "4"));

    @ParameterizedTest(name = "{0} EMIT {1}")
    @MethodSource("everyShape")
    void outOfOrderRowsWithinTheBoundCountInTheirWindows(Shape shape, EmitMode mode) throws Exception {
        List<String> expected = switch (shape) {
            // Every row is in [0, 10 s): 3 rows, 1 + 2 + 4.
            case TUMBLING -> mode == EmitMode.CHANGES
                    ? List.of(w("+I", 0, 10_000, "x", 1, "1", 1), w("+U", 0, 10_000, "x", 2, "3", 2),
                              w("+U", 0, 10_000, "x", 3, "7", 3))
                    : List.of(w("+I", 0, 10_000, "x", 3, "7", 3));
            // 2 s -> [-5, 5), [0, 10); 8 s -> [0, 10), [5, 15); 1 s -> [-5, 5), [0, 10). Changes in window-start order
            // (§9.5); final rows in window-end order (§9.4).
            case SLIDING -> mode == EmitMode.CHANGES
                    ? List.of(w("+I", -5_000, 5_000, "x", 1, "1", 1), w("+I", 0, 10_000, "x", 1, "1", 1),
                              w("+U", 0, 10_000, "x", 2, "3", 2), w("+I", 5_000, 15_000, "x", 1, "2", 1),
                              w("+U", -5_000, 5_000, "x", 2, "5", 2), w("+U", 0, 10_000, "x", 3, "7", 3))
                    : List.of(w("+I", -5_000, 5_000, "x", 2, "5", 2), w("+I", 0, 10_000, "x", 3, "7", 3),
                              w("+I", 5_000, 15_000, "x", 1, "2", 1));
            // [2, 12) grows to [2, 18) with 8 s, then 1 s moves its start: [1, 18). Each bounds change deletes the
            // key emitted before (§9.5).
            case SESSION -> mode == EmitMode.CHANGES
                    ? List.of(w("+I", 2_000, 12_000, "x", 1, "1", 1),
                              w("-D", 2_000, 12_000, "x", 1, "1", 1), w("+I", 2_000, 18_000, "x", 2, "3", 2),
                              w("-D", 2_000, 18_000, "x", 2, "3", 2), w("+I", 1_000, 18_000, "x", 3, "7", 3))
                    : List.of(w("+I", 1_000, 18_000, "x", 3, "7", 3));
            // §9.2: one row per input row, at its event time; §9.3: one row at end, at the group's largest time.
            case GROUP_BY -> mode == EmitMode.CHANGES
                    ? List.of(g("+I", "x", 1, "1", 1, 2_000), g("+U", "x", 2, "3", 2, 8_000),
                              g("+U", "x", 3, "7", 3, 1_000))
                    : List.of(g("+I", "x", 3, "7", 3, 8_000));
        };
        Outcome out = run(shape, mode, Strategy.DROP, 5_000, OUT_OF_ORDER);
        assertThat(out.rows()).containsExactlyElementsOf(expected);
        assertThat(out.lateDropped()).isZero();
    }

    // ---- 2. late rows under each strategy -------------------------------------------------------------------------

    /**
     * Bound 0. L2 puts W at 25 s, so x's first windows have fired when L3 (x at 1 s) arrives; L4 puts W at 31 s,
     * past end + 20 s of allowed lateness of every x window, so L5 (x at 4 s) is dropped under every strategy.
     */
    static final List<Event> LATE_ROWS = List.of(
            row(1_000, "x", "1"), row(25_000, "y", "1"), row(1_000, "x", "10"), row(31_000, "y", "1"),
            row(4_000, "x", "100"));

    @ParameterizedTest(name = "{0} EMIT {1} late={2}")
    @MethodSource("windowedUnderEveryStrategy")
    void lateRowsFollowTheLateDataStrategy(Shape shape, EmitMode mode, Strategy strategy) throws Exception {
        boolean corrects = strategy == Strategy.UPDATE_PREVIOUS;
        boolean changes = mode == EmitMode.CHANGES;
        List<String> expected = new ArrayList<>();
        long droppedRows;
        switch (shape) {
            case TUMBLING -> {
                // x [0, 10) fires at W = 25 s; L3 is late for it. update_previous: 25 < 10 + 20, so L3 is added and
                // [0, 10) re-emitted (1 + 10). L5 at W = 31 >= 30 is dropped.
                String x1 = w("+I", 0, 10_000, "x", 1, "1", 1);
                String y20 = w("+I", 20_000, 30_000, "y", 1, "1", 1);
                String y30 = w("+I", 30_000, 40_000, "y", 1, "1", 1);
                String fix = w("+U", 0, 10_000, "x", 2, "11", 2);
                if (changes) {
                    expected.addAll(List.of(x1, y20));
                    if (corrects) {
                        expected.add(fix);
                    }
                    expected.add(y30);
                } else {
                    // L2 fires x [0, 10); L4 (W = 31) fires y [20, 30); end of input fires y [30, 40).
                    expected.add(x1);
                    if (corrects) {
                        expected.add(fix);
                    }
                    expected.addAll(List.of(y20, y30));
                }
                droppedRows = corrects ? 1 : 2;
            }
            case SLIDING -> {
                // x rows at 1 s are in [-5, 5) and [0, 10); y at 25 s in [20, 30), [25, 35); y at 31 s in [25, 35),
                // [30, 40). update_previous: at W = 25, [-5, 5) is at W = end + lateness (not <), so L3 is dropped
                // from it and counted, while [0, 10) takes it (25 < 30) and re-emits 1 + 10.
                String xm5 = w("+I", -5_000, 5_000, "x", 1, "1", 1);
                String x0 = w("+I", 0, 10_000, "x", 1, "1", 1);
                String fix = w("+U", 0, 10_000, "x", 2, "11", 2);
                if (changes) {
                    expected.addAll(List.of(xm5, x0,
                            w("+I", 20_000, 30_000, "y", 1, "1", 1), w("+I", 25_000, 35_000, "y", 1, "1", 1)));
                    if (corrects) {
                        expected.add(fix);
                    }
                    expected.addAll(List.of(
                            w("+U", 25_000, 35_000, "y", 2, "2", 2), w("+I", 30_000, 40_000, "y", 1, "1", 1)));
                } else {
                    expected.addAll(List.of(xm5, x0));
                    if (corrects) {
                        expected.add(fix);
                    }
                    expected.addAll(List.of(w("+I", 20_000, 30_000, "y", 1, "1", 1),
                            w("+I", 25_000, 35_000, "y", 2, "2", 2), w("+I", 30_000, 40_000, "y", 1, "1", 1)));
                }
                // Counted once per late row (velo_late_records_dropped_total counts records): L3 and L5 under
                // drop/dead_letter; under update_previous L3 (dropped from [-5, 5)) and L5.
                droppedRows = 2;
            }
            case SESSION -> {
                // x [1, 11) fires at W = 25. L3: 1 + 10 <= 25, late; update_previous: 25 < 11 + 20, added with
                // unchanged bounds, so an update of the same key. L4 (31 s) is not late and joins y [25, 35) ->
                // [25, 41). L5: 4 + 10 <= 31, late; 31 < 11 + 20 fails, dropped.
                String x = w("+I", 1_000, 11_000, "x", 1, "1", 1);
                String fix = w("+U", 1_000, 11_000, "x", 2, "11", 2);
                String y = w("+I", 25_000, 41_000, "y", 2, "2", 2);
                if (changes) {
                    expected.addAll(List.of(x, w("+I", 25_000, 35_000, "y", 1, "1", 1)));
                    if (corrects) {
                        expected.add(fix);
                    }
                    expected.addAll(List.of(w("-D", 25_000, 35_000, "y", 1, "1", 1), y));
                } else {
                    expected.add(x);
                    if (corrects) {
                        expected.add(fix);
                    }
                    expected.add(y);
                }
                droppedRows = corrects ? 1 : 2;
            }
            default -> throw new IllegalArgumentException(shape.name());
        }
        Outcome out = run(shape, mode, strategy, 0, LATE_ROWS);
        assertThat(out.rows()).containsExactlyElementsOf(expected);
        assertThat(out.lateDropped()).isEqualTo(droppedRows);
        if (strategy == Strategy.DEAD_LETTER) {
            // The late input rows themselves, at their own event time.
            assertThat(out.lateRows()).containsExactly("+I[x, 10]@1000", "+I[x, 100]@4000");
        } else {
            assertThat(out.lateRows()).isEmpty();
        }
    }

    @ParameterizedTest(name = "GROUP_BY EMIT {0}")
    @MethodSource("emitModes")
    void lateRowsDoNotExistWithoutAWindow(EmitMode mode) throws Exception {
        // §10.4: lateness does not apply to non-windowed queries, so L3 and L5 count like any other row.
        List<String> expected = mode == EmitMode.CHANGES
                ? List.of(g("+I", "x", 1, "1", 1, 1_000), g("+I", "y", 1, "1", 1, 25_000),
                          g("+U", "x", 2, "11", 2, 1_000), g("+U", "y", 2, "2", 2, 31_000),
                          g("+U", "x", 3, "111", 3, 4_000))
                : List.of(g("+I", "x", 3, "111", 3, 4_000), g("+I", "y", 2, "2", 2, 31_000));
        Outcome out = run(Shape.GROUP_BY, mode, Strategy.DROP, 0, LATE_ROWS);
        if (mode == EmitMode.CHANGES) {
            assertThat(out.rows()).containsExactlyElementsOf(expected);
        } else {
            // Group-key order of the final flush is the job of the parallelism-1 sort in front of sinks (§9.8).
            assertThat(out.rows()).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(out.lateDropped()).isZero();
        assertThat(out.lateRows()).isEmpty();
    }

    static Stream<EmitMode> emitModes() {
        return Stream.of(EmitMode.CHANGES, EmitMode.FINAL);
    }

    // ---- 3. ties at window boundaries -----------------------------------------------------------------------------

    /** Bound 0: 9.999 s is the last instant of [0, 10); 10 s starts the next window and makes W = end of [0, 10). */
    static final List<Event> ALIGNED_BOUNDARY = List.of(
            row(9_999, "x", "1"), row(10_000, "x", "2"), row(5_000, "x", "4"));

    /**
     * Bound 0, gap 10 s: 10 s is exactly gap after 0 (joins, "at most gap apart"); 20.001 s is gap + 1 ms after 10 s
     * (new session) and makes W = 20.001 s; then 10.001 s has t + gap = W, so it is late.
     */
    static final List<Event> SESSION_BOUNDARY = List.of(
            row(0, "x", "1"), row(10_000, "x", "2"), row(20_001, "x", "4"), row(10_001, "x", "8"));

    @ParameterizedTest(name = "{0} EMIT {1}")
    @MethodSource("windowed")
    void rowsTiedToABoundaryFallOnTheSpecifiedSide(Shape shape, EmitMode mode) throws Exception {
        boolean changes = mode == EmitMode.CHANGES;
        List<String> expected = switch (shape) {
            // 10 s belongs to [10, 20); W = 10 s >= end fires [0, 10), so 5 s arriving next is late and dropped.
            case TUMBLING -> List.of(w("+I", 0, 10_000, "x", 1, "1", 1), w("+I", 10_000, 20_000, "x", 1, "2", 1));
            // 9.999 s -> [0, 10), [5, 15); 10 s -> [5, 15), [10, 20). 5 s is late for the fired [0, 10) but still
            // counts in [5, 15), which has not fired.
            case SLIDING -> changes
                    ? List.of(w("+I", 0, 10_000, "x", 1, "1", 1), w("+I", 5_000, 15_000, "x", 1, "1", 1),
                              w("+U", 5_000, 15_000, "x", 2, "3", 2), w("+I", 10_000, 20_000, "x", 1, "2", 1),
                              w("+U", 5_000, 15_000, "x", 3, "7", 3))
                    : List.of(w("+I", 0, 10_000, "x", 1, "1", 1), w("+I", 5_000, 15_000, "x", 3, "7", 3),
                              w("+I", 10_000, 20_000, "x", 1, "2", 1));
            // [0, 10) grows to [0, 20); [20.001, 30.001) is separate; 10.001 s is dropped.
            case SESSION -> changes
                    ? List.of(w("+I", 0, 10_000, "x", 1, "1", 1),
                              w("-D", 0, 10_000, "x", 1, "1", 1), w("+I", 0, 20_000, "x", 2, "3", 2),
                              w("+I", 20_001, 30_001, "x", 1, "4", 1))
                    : List.of(w("+I", 0, 20_000, "x", 2, "3", 2), w("+I", 20_001, 30_001, "x", 1, "4", 1));
            default -> throw new IllegalArgumentException(shape.name());
        };
        Outcome out = run(shape, mode, Strategy.DROP, 0,
                shape == Shape.SESSION ? SESSION_BOUNDARY : ALIGNED_BOUNDARY);
        assertThat(out.rows()).containsExactlyElementsOf(expected);
        assertThat(out.lateDropped()).isEqualTo(1L);
    }

    // ---- 4. empty groups and empty windows ------------------------------------------------------------------------

    /** Bound 0; every amount is NULL, and nothing falls in [10, 30) (tumbling) or between the sessions. */
    static final List<Event> ALL_NULL = List.of(row(1_000, "x", null), row(2_000, "x", null), row(35_000, "x", null));

    @ParameterizedTest(name = "{0} EMIT {1}")
    @MethodSource("everyShape")
    void allNullGroupsSumToNullCountZeroAndEmptyWindowsEmitNothing(Shape shape, EmitMode mode) throws Exception {
        boolean changes = mode == EmitMode.CHANGES;
        // SUM over only NULLs is NULL, COUNT(amount) is 0, COUNT(*) counts the rows.
        List<String> expected = switch (shape) {
            case TUMBLING -> changes
                    ? List.of(w("+I", 0, 10_000, "x", 1, "null", 0), w("+U", 0, 10_000, "x", 2, "null", 0),
                              w("+I", 30_000, 40_000, "x", 1, "null", 0))
                    : List.of(w("+I", 0, 10_000, "x", 2, "null", 0), w("+I", 30_000, 40_000, "x", 1, "null", 0));
            // 1 s, 2 s -> [-5, 5), [0, 10); 35 s -> [30, 40), [35, 45); [5, 15) .. [25, 35) get no rows.
            case SLIDING -> changes
                    ? List.of(w("+I", -5_000, 5_000, "x", 1, "null", 0), w("+I", 0, 10_000, "x", 1, "null", 0),
                              w("+U", -5_000, 5_000, "x", 2, "null", 0), w("+U", 0, 10_000, "x", 2, "null", 0),
                              w("+I", 30_000, 40_000, "x", 1, "null", 0), w("+I", 35_000, 45_000, "x", 1, "null", 0))
                    : List.of(w("+I", -5_000, 5_000, "x", 2, "null", 0), w("+I", 0, 10_000, "x", 2, "null", 0),
                              w("+I", 30_000, 40_000, "x", 1, "null", 0), w("+I", 35_000, 45_000, "x", 1, "null", 0));
            // [1, 11) grows to [1, 12); 35 s opens [35, 45).
            case SESSION -> changes
                    ? List.of(w("+I", 1_000, 11_000, "x", 1, "null", 0),
                              w("-D", 1_000, 11_000, "x", 1, "null", 0), w("+I", 1_000, 12_000, "x", 2, "null", 0),
                              w("+I", 35_000, 45_000, "x", 1, "null", 0))
                    : List.of(w("+I", 1_000, 12_000, "x", 2, "null", 0), w("+I", 35_000, 45_000, "x", 1, "null", 0));
            case GROUP_BY -> changes
                    ? List.of(g("+I", "x", 1, "null", 0, 1_000), g("+U", "x", 2, "null", 0, 2_000),
                              g("+U", "x", 3, "null", 0, 35_000))
                    : List.of(g("+I", "x", 3, "null", 0, 35_000));
        };
        Outcome out = run(shape, mode, Strategy.DROP, 0, ALL_NULL);
        assertThat(out.rows()).containsExactlyElementsOf(expected);
        assertThat(out.lateDropped()).isZero();
    }
}
