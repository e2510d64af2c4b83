package dev.veloflink.runtime.order;

import dev.veloflink.runtime.testing.TestStateBackend;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.veloflink.runtime.testing.Harnesses.drain;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §9.4, §9.8, §3.4. Rows: [group, value], stamped with their window end. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStateBackend.class)
class OrderedReleaseOperatorTest {
    /** Every test runs on the heap and on the RocksDB backend. */
    @Parameter
    TestStateBackend backend;

    static final RowTypeInfo TYPE = new RowTypeInfo(Types.STRING, Types.LONG);

    OneInputStreamOperatorTestHarness<Row, Row> harness(ReleaseOrder order) throws Exception {
        return backend.on(new OneInputStreamOperatorTestHarness<>(new OrderedReleaseOperator(order, TYPE)));
    }

    static void add(OneInputStreamOperatorTestHarness<Row, Row> h, long ts, String group, long value)
            throws Exception {
        h.processElement(new StreamRecord<>(Row.of(group, value), ts));
    }

    @Test
    void releasesRowsTheWatermarkReachedByWindowEndThenGroupKeyWithNullFirst() throws Exception {
        OneInputStreamOperatorTestHarness<Row, Row> h = harness(
                ReleaseOrder.byWindowEndThen(RowComparators.ascending(0)));
        h.open();
        add(h, 2000, "b", 1);
        add(h, 1000, "b", 2);
        add(h, 1000, "a", 3);
        add(h, 1000, null, 4);
        add(h, 3000, "a", 5);
        h.processWatermark(new Watermark(1999 - 1)); // W = 1999: only the rows at 1000
        assertThat(drain(h)).containsExactly("+I[null, 4]@1000", "+I[a, 3]@1000", "+I[b, 2]@1000");
        h.processWatermark(new Watermark(2000 - 1)); // W = 2000 reaches the window end 2000 exactly
        assertThat(drain(h)).containsExactly("+I[b, 1]@2000");
        h.processWatermark(Watermark.MAX_WATERMARK);
        assertThat(drain(h)).containsExactly("+I[a, 5]@3000");
        h.close();
    }

    @Test
    void endOfInputFlushSortsByGroupKeyAloneWithStringsByCodePoint() throws Exception {
        OneInputStreamOperatorTestHarness<Row, Row> h = harness(ReleaseOrder.atEndOfInput(RowComparators.ascending(0)));
        h.open();
        // U+FF21 sorts before U+1F600 by code point, though its UTF-16 unit is larger than the surrogate's.
        add(h, 50, "\uD83D\uDE00", 1);
        add(h, 90, "\uFF21", 2);
        add(h, 10, "Oslo", 3);
        add(h, 70, "Cairo", 4);
        h.processWatermark(Watermark.MAX_WATERMARK);
        assertThat(drain(h)).containsExactly("+I[Cairo, 4]@70", "+I[Oslo, 3]@10", "+I[\uFF21, 2]@90",
                "+I[\uD83D\uDE00, 1]@50");
        h.close();
    }

    @Test
    void endOfInputOrderHoldsRowsTheWatermarkAlreadyPassed() throws Exception {
        OneInputStreamOperatorTestHarness<Row, Row> h = harness(ReleaseOrder.atEndOfInput(RowComparators.ascending(0)));
        h.open();
        h.processWatermark(new Watermark(5_000));
        add(h, 900, "south", 1);
        h.processWatermark(new Watermark(6_000));
        assertThat(drain(h)).isEmpty();
        add(h, 1000, "north", 2);
        h.processWatermark(Watermark.MAX_WATERMARK);
        assertThat(drain(h)).containsExactly("+I[north, 2]@1000", "+I[south, 1]@900");
        h.close();
    }

    @Test
    void descendingOrderPutsNullLastAndTiesKeepArrivalOrder() throws Exception {
        OneInputStreamOperatorTestHarness<Row, Row> h = harness(ReleaseOrder.by(
                RowComparators.byFields(List.of(SortField.descending(1)))));
        h.open();
        add(h, 1, "first", 7);
        h.processElement(new StreamRecord<>(Row.of("null", null), 1));
        add(h, 1, "second", 7);
        add(h, 1, "big", 9);
        h.processWatermark(Watermark.MAX_WATERMARK);
        assertThat(drain(h)).containsExactly("+I[big, 9]@1", "+I[first, 7]@1", "+I[second, 7]@1",
                "+I[null, null]@1");
        h.close();
    }

    @Test
    void bufferedRowsSurviveASnapshotAndRestore() throws Exception {
        OneInputStreamOperatorTestHarness<Row, Row> h = harness(
                ReleaseOrder.byWindowEndThen(RowComparators.ascending(0)));
        h.open();
        add(h, 2000, "b", 1);
        add(h, 1000, "z", 2);
        h.processWatermark(new Watermark(999));
        assertThat(drain(h)).containsExactly("+I[z, 2]@1000");
        add(h, 2000, "a", 3);
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();

        OneInputStreamOperatorTestHarness<Row, Row> restored = harness(
                ReleaseOrder.byWindowEndThen(RowComparators.ascending(0)));
        restored.initializeState(snapshot);
        restored.open();
        add(restored, 2000, "c", 4);
        restored.processWatermark(new Watermark(1999));
        assertThat(drain(restored)).containsExactly("+I[a, 3]@2000", "+I[b, 1]@2000", "+I[c, 4]@2000");
        restored.close();
    }
}
