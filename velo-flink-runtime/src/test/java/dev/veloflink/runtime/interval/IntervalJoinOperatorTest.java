package dev.veloflink.runtime.interval;

import dev.veloflink.runtime.testing.TestStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SPEC §12.3 on the operator alone. a rows: [key, a_name]; b rows: [key, b_name]; both keyed by key. Output rows:
 * [key, a_name, key, b_name, output event time], stamped with the output event time. Watermarks are written as the SPEC's W; the harness
 * receives Flink's W - 1 on both inputs, as the sources' per-record watermarks hand it.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStateBackend.class)
class IntervalJoinOperatorTest {
    /** Every test runs on the heap and on the RocksDB backend. */
    @Parameter
    TestStateBackend backend;

    static final RowTypeInfo SIDE = new RowTypeInfo(Types.STRING, Types.STRING);
    static final String LATE = "velo_late_records_dropped_total{statement=\"pairs\"}";

    /** b.t BETWEEN a.t - 5 AND a.t + 10. */
    static final IntervalBounds BOUNDS = new IntervalBounds(5, 10);

    KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> harness(IntervalJoinType type,
                                                                              IntervalBounds bounds, RowExpr filter)
            throws Exception {
        IntervalJoinSpec spec = new IntervalJoinSpec("pairs", type, bounds, filter, SIDE, SIDE,
                new RowErrorHandler("pairs", "a", ErrorPolicy.SKIP, -1));
        KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new IntervalJoinOperator(spec), row -> Row.of(row.getField(0)), row -> Row.of(row.getField(0)),
                new RowTypeInfo(Types.STRING));
        return backend.on(h);
    }

    /** Keys that still hold rows of either side, asked the same way of both backends. */
    static long keysWithRows(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h) throws Exception {
        long keys = 0;
        for (String state : new String[] {"velo-interval-a", "velo-interval-b"}) {
            try (var stream = h.getOperator().getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
                keys += stream.count();
            }
        }
        return keys;
    }

    KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> open(IntervalJoinType type) throws Exception {
        var h = harness(type, BOUNDS, null);
        h.open();
        return h;
    }

    static void a(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h, long t, String key, String name)
            throws Exception {
        h.processElement1(new StreamRecord<>(Row.of(key, name), t));
    }

    static void b(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h, long t, String key, String name)
            throws Exception {
        h.processElement2(new StreamRecord<>(Row.of(key, name), t));
    }

    /** Both inputs' watermark becomes the SPEC's W. */
    static void w(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h, long specWatermark)
            throws Exception {
        h.processWatermark1(new Watermark(specWatermark - 1));
        h.processWatermark2(new Watermark(specWatermark - 1));
    }

    static List<String> drain(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h) {
        List<String> out = new ArrayList<>();
        for (Object element : h.getOutput()) {
            if (element instanceof StreamRecord<?> record) {
                out.add(record.getValue() + "@" + record.getTimestamp());
            }
        }
        h.getOutput().clear();
        return out;
    }

    static List<Long> watermarks(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h) {
        List<Long> out = new ArrayList<>();
        for (Object element : h.getOutput()) {
            if (element instanceof Watermark mark) {
                out.add(mark.getTimestamp());
            }
        }
        return out;
    }

    static long lateCount(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h) {
        var accumulator = h.getEnvironment().getAccumulatorRegistry().getUserMap().get(LATE);
        return accumulator == null ? 0 : ((Number) accumulator.getLocalValue()).longValue();
    }

    @Test
    void innerEmitsEachPairOnceWhenItsSecondRowArrivesIncludingBothBoundaries() throws Exception {
        try (var h = open(IntervalJoinType.INNER)) {
            a(h, 100, "k", "a1");
            assertThat(drain(h)).isEmpty();
            b(h, 95, "k", "lower");      // a.t - x: on the boundary
            b(h, 110, "k", "upper");     // a.t + y: on the boundary
            b(h, 94, "k", "before");     // one ms outside
            b(h, 111, "k", "after");     // one ms outside
            b(h, 104, "other", "x");     // another key
            assertThat(drain(h)).containsExactly("+I[k, a1, k, lower, 100]@100", "+I[k, a1, k, upper, 110]@110");
            a(h, 101, "k", "a2");        // pairs with every buffered b in [96, 111], in time order
            assertThat(drain(h)).containsExactly("+I[k, a2, k, upper, 110]@110", "+I[k, a2, k, after, 111]@111");
        }
    }

    @Test
    void outOfOrderRowsOnEitherSidePairAsLongAsTheyAreNotLate() throws Exception {
        try (var h = open(IntervalJoinType.INNER)) {
            b(h, 120, "k", "b1");
            w(h, 112);
            a(h, 115, "k", "a1");        // arrives after b, earlier in time: 115 + 10 >= 112, not late
            assertThat(drain(h)).containsExactly("+I[k, a1, k, b1, 120]@120");
            b(h, 111, "k", "b0");        // out of order on the b side: 111 + 5 >= 112, pairs with a1 (110..125)
            assertThat(drain(h)).containsExactly("+I[k, a1, k, b0, 115]@115");
            assertThat(lateCount(h)).isZero();
        }
    }

    @Test
    void lateRowsOnEitherSideAreDroppedAndCounted() throws Exception {
        try (var h = open(IntervalJoinType.FULL)) {
            w(h, 110);
            a(h, 100, "k", "a-edge");    // 100 + 10 = 110, not < W: kept
            b(h, 105, "k", "b-edge");    // 105 + 5 = 110, not < W: kept, pairs
            assertThat(drain(h)).containsExactly("+I[k, a-edge, k, b-edge, 105]@105");
            w(h, 111);
            a(h, 100, "k", "a-late");    // 110 < 111: late
            b(h, 105, "k", "b-late");    // 110 < 111: late
            assertThat(drain(h)).isEmpty();
            assertThat(lateCount(h)).isEqualTo(2);
        }
    }

    @Test
    void leftEmitsAnUnmatchedRowWithNullsOnceTheWatermarkPassesItsDeadline() throws Exception {
        try (var h = open(IntervalJoinType.LEFT)) {
            a(h, 100, "k", "lonely");
            a(h, 100, "m", "matched");
            b(h, 103, "m", "b1");
            b(h, 200, "z", "unmatched-b");
            assertThat(drain(h)).containsExactly("+I[m, matched, m, b1, 103]@103");
            w(h, 110);                   // W > a.t + y is needed
            assertThat(drain(h)).isEmpty();
            w(h, 111);
            assertThat(drain(h)).containsExactly("+I[k, lonely, null, null, 100]@100");
            w(h, 1_000);
            assertThat(drain(h)).isEmpty();
        }
    }

    @Test
    void rightEmitsAnUnmatchedBRowOnceTheWatermarkPassesBTimePlusX() throws Exception {
        try (var h = open(IntervalJoinType.RIGHT)) {
            b(h, 100, "k", "lonely");
            a(h, 300, "z", "unmatched-a");
            w(h, 105);
            assertThat(drain(h)).isEmpty();
            w(h, 106);
            assertThat(drain(h)).containsExactly("+I[null, null, k, lonely, 100]@100");
            w(h, 1_000);
            assertThat(drain(h)).isEmpty();
        }
    }

    @Test
    void fullEmitsPairsAndBothSidesUnmatchedRowsEachOnce() throws Exception {
        try (var h = open(IntervalJoinType.FULL)) {
            a(h, 100, "k", "a1");
            b(h, 104, "k", "b1");
            b(h, 104, "k", "b2");
            a(h, 130, "k", "a2");
            b(h, 150, "k", "b3");
            assertThat(drain(h)).containsExactly("+I[k, a1, k, b1, 104]@104", "+I[k, a1, k, b2, 104]@104");
            h.processBothWatermarks(Watermark.MAX_WATERMARK);
            assertThat(drain(h)).containsExactly("+I[k, a2, null, null, 130]@130", "+I[null, null, k, b3, 150]@150");
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(keysWithRows(h)).isZero();
        }
    }

    @Test
    void forwardsTheWatermarkHeldBackByTheLargerBoundAndEndOfInputUnchanged() throws Exception {
        try (var h = open(IntervalJoinType.INNER)) {
            w(h, 1_000);
            h.processBothWatermarks(Watermark.MAX_WATERMARK);
            // W - max(5, 10, 0) = 990, handed on as Flink's 989.
            assertThat(watermarks(h)).containsExactly(989L, Long.MAX_VALUE);
        }
    }

    @Test
    void theSlowerInputHoldsTheWatermarkBack() throws Exception {
        try (var h = open(IntervalJoinType.LEFT)) {
            a(h, 100, "k", "a1");
            h.processWatermark1(new Watermark(500));
            assertThat(drain(h)).isEmpty();
            h.processWatermark2(new Watermark(110));
            assertThat(drain(h)).containsExactly("+I[k, a1, null, null, 100]@100");
        }
    }

    @Test
    void rowsAreDroppedFromStateOnceNoFutureMatchIsPossible() throws Exception {
        try (var h = open(IntervalJoinType.INNER)) {
            a(h, 100, "k", "a1");
            b(h, 100, "k", "b1");
            w(h, 115);                   // a1 can still meet b at 110 (110 + 5 >= 115)
            b(h, 110, "k", "b2");
            assertThat(drain(h)).containsExactly("+I[k, a1, k, b1, 100]@100", "+I[k, a1, k, b2, 110]@110");
            w(h, 116);                   // 100 + 5 + 10 < 116: a1 is gone
            assertThat(h.numEventTimeTimers()).isEqualTo(1);  // b2's, until 125
            w(h, 126);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(keysWithRows(h)).isZero();
        }
    }

    @Test
    void negativeAndZeroBoundsAreUsedAsWritten() throws Exception {
        // b.t BETWEEN a.t + 5 AND a.t + 10: x = -5.
        try (var h = harness(IntervalJoinType.INNER, new IntervalBounds(-5, 10), null)) {
            h.open();
            a(h, 100, "k", "a1");
            b(h, 104, "k", "too-early");
            b(h, 105, "k", "first");
            b(h, 110, "k", "last");
            assertThat(drain(h)).containsExactly("+I[k, a1, k, first, 105]@105", "+I[k, a1, k, last, 110]@110");
        }
        try (var h = harness(IntervalJoinType.INNER, new IntervalBounds(0, 0), null)) {
            h.open();
            a(h, 100, "k", "a1");
            b(h, 99, "k", "no");
            b(h, 100, "k", "same-time");
            assertThat(drain(h)).containsExactly("+I[k, a1, k, same-time, 100]@100");
        }
        assertThatThrownBy(() -> new IntervalBounds(-11, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void otherOnConjunctsFilterPairsAndNullKeysNeverMatch() throws Exception {
        RowExpr differentNames = (row, ctx) -> !row.getField(1).equals(row.getField(3));
        try (var h = harness(IntervalJoinType.LEFT, BOUNDS, differentNames)) {
            h.open();
            a(h, 100, "k", "same");
            b(h, 101, "k", "same");
            b(h, 102, "k", "other");
            a(h, 100, null, "null-key");
            b(h, 100, null, "null-key-b");
            assertThat(drain(h)).containsExactly("+I[k, same, k, other, 102]@102");
            w(h, 111);
            assertThat(drain(h)).containsExactly("+I[null, null-key, null, null, 100]@100");
        }
    }

    @Test
    void snapshotAndRestoreMidStreamKeepBuffersAndPendingNullRows() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = open(IntervalJoinType.FULL)) {
            a(h, 100, "k", "a1");
            a(h, 100, "j", "a-unmatched");
            b(h, 200, "k", "b-unmatched");
            w(h, 100);
            assertThat(drain(h)).isEmpty();
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(IntervalJoinType.FULL, BOUNDS, null)) {
            h.initializeState(snapshot);
            h.open();
            w(h, 100);
            b(h, 108, "k", "b1");
            assertThat(drain(h)).containsExactly("+I[k, a1, k, b1, 108]@108");
            h.processBothWatermarks(Watermark.MAX_WATERMARK);
            assertThat(drain(h)).containsExactly("+I[j, a-unmatched, null, null, 100]@100",
                    "+I[null, null, k, b-unmatched, 200]@200");
            assertThat(keysWithRows(h)).isZero();
        }
    }

    /**
     * A chained join: the a rows are an earlier join's [key, name, relation's time, that join's time]; the bound
     * compares field 2, pairs are stamped with the later of field 3 and b's time, an unmatched a row with field 3, and
     * the watermark is held back by the delay given, not the bound's.
     */
    @Test
    void aChainedJoinComparesTheTimeFieldAndStampsWithTheRowsOwnEventTime() throws Exception {
        RowTypeInfo chained = new RowTypeInfo(Types.STRING, Types.STRING, Types.LONG, Types.LONG);
        IntervalJoinSpec spec = new IntervalJoinSpec("pairs", IntervalJoinType.LEFT, BOUNDS, null, chained, SIDE,
                new RowErrorHandler("pairs", "a", ErrorPolicy.SKIP, -1), 2, 3, 25);
        try (var h = backend.on(new KeyedTwoInputStreamOperatorTestHarness<>(new IntervalJoinOperator(spec),
                row -> Row.of(row.getField(0)), row -> Row.of(row.getField(0)), new RowTypeInfo(Types.STRING)))) {
            h.open();
            // The record timestamps (999) are not what the bound reads.
            h.processElement1(new StreamRecord<>(Row.of("k", "early", 100L, 120L), 999));
            h.processElement1(new StreamRecord<>(Row.of("m", "lonely", 100L, 104L), 999));
            b(h, 108, "k", "b1");        // in [95, 110] of field 2; 108 < 120: stamped 120
            b(h, 130, "k", "b2");        // in [95, 110] of the record timestamp 999 only: no pair
            b(h, 94, "m", "b3");         // one ms below m's interval
            assertThat(drain(h)).containsExactly("+I[k, early, 100, 120, k, b1, 120]@120");
            w(h, 111);                   // W > 100 + y: m's unmatched row, stamped with its own time 104
            // W - 25, handed on as Flink's 85.
            assertThat(watermarks(h)).containsExactly(85L);
            assertThat(drain(h)).containsExactly("+I[m, lonely, 100, 104, null, null, 104]@104");
            assertThatThrownBy(() -> new IntervalJoinSpec("pairs", IntervalJoinType.LEFT, BOUNDS, null, chained,
                    SIDE, null, 2, 3, 9)).hasMessageContaining("watermark delay 9ms below the bound's 10ms");
        }
    }
}
