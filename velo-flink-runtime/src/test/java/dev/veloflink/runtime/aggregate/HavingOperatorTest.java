package dev.veloflink.runtime.aggregate;

import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.testing.Exprs;
import dev.veloflink.runtime.testing.Harnesses;
import dev.veloflink.runtime.testing.TestStateBackend;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HAVING after a subquery (SPEC §3.5 with §9.2): input rows are an aggregation's rows with the subquery's value
 * appended, {@code [customer, total, limit]}; {@code HAVING total <= limit}; output {@code [customer, total]} and the
 * key after it. The upsert changelog must match what the aggregating operators emit with HAVING inside them.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStateBackend.class)
class HavingOperatorTest {
    @Parameter
    TestStateBackend backend;

    private static final RowExpr WITHIN_LIMIT = (row, ctx) -> row.getField(1) == null || row.getField(2) == null
            ? null : (Long) row.getField(1) <= (Long) row.getField(2);

    private static final RowTypeInfo OUTPUT = new RowTypeInfo(Types.STRING, Types.LONG, Types.STRING);

    private KeyedOneInputStreamOperatorTestHarness<Row, Row, Row> harness(boolean windowed) throws Exception {
        HavingSpec spec = new HavingSpec("q", WITHIN_LIMIT, Exprs.fields(0, 1, 0), OUTPUT, windowed, 0);
        KeyedOneInputStreamOperatorTestHarness<Row, Row, Row> harness = Harnesses.keyed(backend,
                new HavingOperator(spec), row -> Row.of(row.getField(0)), new RowTypeInfo(Types.STRING));
        return harness;
    }

    private static StreamRecord<Row> change(RowKind kind, long time, Object... fields) {
        Row row = Row.of(fields);
        row.setKind(kind);
        return new StreamRecord<>(row, time);
    }

    @Test
    void aFlipOutDeletesOnceAFlipInInsertsAndTheLastRowSurvivesARestore() throws Exception {
        List<String> out = new ArrayList<>();
        KeyedOneInputStreamOperatorTestHarness<Row, Row, Row> first = harness(false);
        first.open();
        first.processElement(change(RowKind.INSERT, 1, "a", 40L, 100L));
        first.processElement(change(RowKind.INSERT, 2, "b", 70L, 50L));
        first.processElement(change(RowKind.UPDATE_AFTER, 3, "a", 90L, 100L));
        OperatorSubtaskState snapshot = first.snapshot(1L, 1L);
        out.addAll(Harnesses.drain(first));
        first.close();

        KeyedOneInputStreamOperatorTestHarness<Row, Row, Row> restored = harness(false);
        restored.initializeState(snapshot);
        restored.open();
        restored.processElement(change(RowKind.UPDATE_AFTER, 4, "b", 40L, 50L));
        restored.processElement(change(RowKind.UPDATE_AFTER, 5, "a", 110L, 100L));
        restored.processElement(change(RowKind.UPDATE_AFTER, 6, "a", 120L, null));
        restored.processElement(change(RowKind.UPDATE_AFTER, 7, "a", 60L, 100L));
        out.addAll(Harnesses.drain(restored));
        restored.close();

        assertThat(out).containsExactly(
                "+I[a, 40, a]@1",
                "+U[a, 90, a]@3",
                // b failed at 70 and was never emitted: its first passing row is an insert, also after the restore.
                "+I[b, 40, b]@4",
                // a's row from before the snapshot is deleted once; a NULL HAVING deletes nothing more.
                "-D[a, 90, a]@5",
                "+I[a, 60, a]@7");
    }

    @Test
    void anUpstreamDeletionDeletesWhatTheKeyHoldsAndAWindowsRowIsForgottenWhenTheWindowEnds() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Row, Row, Row> harness = harness(true);
        harness.open();
        // Window rows carry the window end (1000) as their time, while the watermark is still below end - 1.
        harness.processWatermark(new Watermark(500));
        harness.processElement(change(RowKind.INSERT, 1000, "a", 40L, 100L));
        // A session whose bounds changed upstream: its old key goes.
        harness.processElement(change(RowKind.DELETE, 1000, "a", 40L, 100L));
        harness.processElement(change(RowKind.DELETE, 1000, "b", 1L, 100L));
        harness.processElement(change(RowKind.INSERT, 1000, "a", 50L, 100L));
        harness.processWatermark(new Watermark(999));
        // Past the window's end its last row is forgotten: the next row is an insert, not an update.
        harness.processElement(change(RowKind.UPDATE_AFTER, 1000, "a", 60L, 100L));
        List<String> out = Harnesses.drain(harness);
        harness.close();
        assertThat(out).containsExactly(
                "+I[a, 40, a]@1000",
                "-D[a, 40, a]@1000",
                "+I[a, 50, a]@1000",
                "+I[a, 60, a]@1000");
    }
}
