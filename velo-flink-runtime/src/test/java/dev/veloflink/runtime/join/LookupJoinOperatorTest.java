package dev.veloflink.runtime.join;

import dev.veloflink.runtime.ValueKeySelector;
import dev.veloflink.runtime.testing.TestStateBackend;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SPEC §12.2 and §13.3 on the operator alone. Stream rows: [order_id, customer_id]; table rows: [customer_id, tier],
 * keyed by customer_id. Output rows: [order_id, customer_id, customer_id, tier], stamped with the stream row's time.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStateBackend.class)
class LookupJoinOperatorTest {
    /** Every test runs on the heap and on the RocksDB backend. */
    @Parameter
    TestStateBackend backend;

    static final RowTypeInfo STREAM = new RowTypeInfo(Types.LONG, Types.STRING);
    static final RowTypeInfo TABLE = new RowTypeInfo(Types.STRING, Types.STRING);

    /** Each test runs against both table layouts, with the key selectors the planner pairs with them. */
    enum Layout {
        /** A key that may have several table rows (MapState), keyed by one-field Rows. */
        MAP_STATE_ROW_KEY(false),
        /** A join ON the table key (ValueState), keyed by the bare value as the planner keys one-column joins. */
        VALUE_STATE_BARE_KEY(true);

        final boolean oneRowPerKey;

        Layout(boolean oneRowPerKey) {
            this.oneRowPerKey = oneRowPerKey;
        }

        KeySelector<Row, Object> keyOf(int field) {
            if (oneRowPerKey) {
                return new ValueKeySelector(List.of((row, ctx) -> row.getField(field)), KEY);
            }
            return row -> Row.of(row.getField(field));
        }

        @SuppressWarnings("unchecked")
        TypeInformation<Object> keyType() {
            return oneRowPerKey ? new JoinKeyTypeInfo(Types.STRING) : (TypeInformation<Object>) (TypeInformation<?>) KEY;
        }
    }

    static final RowTypeInfo KEY = new RowTypeInfo(Types.STRING);

    static LookupJoinSpec spec(Layout layout, JoinKind kind, MissingStrategy strategy, Row defaults, RowExpr filter,
                               int retries) {
        return spec(layout, kind, strategy, defaults, filter, retries, true);
    }

    static LookupJoinSpec spec(Layout layout, JoinKind kind, MissingStrategy strategy, Row defaults, RowExpr filter,
                               int retries, boolean waitForTable) {
        return new LookupJoinSpec("enrich", "customers", kind, strategy, defaults, List.of(0),
                List.of("customer_id"), filter, retries, 100, STREAM, TABLE,
                new RowErrorHandler("enrich", "orders", ErrorPolicy.SKIP, -1), layout.oneRowPerKey, waitForTable);
    }

    static LookupJoinSpec inner(Layout layout, MissingStrategy strategy) {
        return spec(layout, JoinKind.INNER, strategy, new Row(2), null, 3);
    }

    KeyedTwoInputStreamOperatorTestHarness<Object, Row, Row, Row> harness(Layout layout,
                                                                          LookupJoinOperator operator)
            throws Exception {
        return backend.on(new KeyedTwoInputStreamOperatorTestHarness<>(operator, layout.keyOf(1), layout.keyOf(0),
                layout.keyType()));
    }

    static void order(KeyedTwoInputStreamOperatorTestHarness<Object, Row, Row, Row> h, long id, String customer)
            throws Exception {
        h.processElement1(new StreamRecord<>(Row.of(id, customer), 1000 + id));
    }

    static void customer(KeyedTwoInputStreamOperatorTestHarness<Object, Row, Row, Row> h, String customer, String tier)
            throws Exception {
        h.processElement2(new StreamRecord<>(Row.of(customer, tier), 0));
    }

    /** The bounded table input ends: its watermark reaches +inf, then the input ends. */
    static void tableLoaded(KeyedTwoInputStreamOperatorTestHarness<Object, Row, Row, Row> h) throws Exception {
        h.processWatermark2(Watermark.MAX_WATERMARK);
        h.endInput2();
    }

    static List<String> drain(KeyedTwoInputStreamOperatorTestHarness<Object, Row, Row, Row> h) {
        List<String> out = new ArrayList<>();
        for (Object element : h.getOutput()) {
            if (element instanceof StreamRecord<?> record) {
                out.add(record.getValue() + "@" + record.getTimestamp());
            }
        }
        h.getOutput().clear();
        return out;
    }

    static long missCount(KeyedTwoInputStreamOperatorTestHarness<Object, Row, Row, Row> h, String strategy) {
        var accumulator = h.getEnvironment().getAccumulatorRegistry().getUserMap().get(
                "velo_join_missing_total{statement=\"enrich\",table=\"customers\",strategy=\"" + strategy + "\"}");
        return accumulator == null ? 0 : ((Number) accumulator.getLocalValue()).longValue();
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void noStreamRowIsJoinedBeforeTheTableFinishedLoading(Layout layout) throws Exception {
        try (var h = harness(layout, new LookupJoinOperator(inner(layout, MissingStrategy.SKIP)))) {
            h.open();
            order(h, 1, "C1");
            order(h, 2, "C2");
            customer(h, "C2", "silver");
            order(h, 3, "C1");
            customer(h, "C1", "gold");
            order(h, 4, "C2");
            customer(h, "C2", "gold");
            assertThat(drain(h)).isEmpty();

            tableLoaded(h);
            // Arrival order across keys, each against the fully loaded table (C2's later row replaced the first).
            assertThat(drain(h)).containsExactly(
                    "+I[1, C1, C1, gold]@1001",
                    "+I[2, C2, C2, gold]@1002",
                    "+I[3, C1, C1, gold]@1003",
                    "+I[4, C2, C2, gold]@1004");
            order(h, 5, "C1");
            assertThat(drain(h)).containsExactly("+I[5, C1, C1, gold]@1005");
        }
    }

    /** table.ready.strategy = 'no_wait' (SPEC §13.3): stream rows probe at once, and miss what is not loaded yet. */
    @ParameterizedTest
    @EnumSource(Layout.class)
    void withoutWaitingStreamRowsProbeTheHalfLoadedTableAndMissAsTheStrategySays(Layout layout) throws Exception {
        LookupJoinSpec noWait = spec(layout, JoinKind.INNER, MissingStrategy.SKIP, new Row(2), null, 3, false);
        try (var h = harness(layout, new LookupJoinOperator(noWait))) {
            h.open();
            customer(h, "C1", "gold");
            order(h, 1, "C1");
            order(h, 2, "C2");
            assertThat(drain(h)).containsExactly("+I[1, C1, C1, gold]@1001");
            assertThat(missCount(h, "skip")).isEqualTo(1);

            customer(h, "C2", "silver");
            tableLoaded(h);
            order(h, 3, "C2");
            assertThat(drain(h)).containsExactly("+I[3, C2, C2, silver]@1003");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void heldBackRowsAreReleasedBeforeTheWatermarkTheyWereHolding(Layout layout) throws Exception {
        try (var h = harness(layout, new LookupJoinOperator(inner(layout, MissingStrategy.SKIP)))) {
            h.open();
            order(h, 1, "C1");
            h.processWatermark1(new Watermark(5000));
            customer(h, "C1", "gold");
            h.processWatermark2(Watermark.MAX_WATERMARK);
            List<Object> output = new ArrayList<>(h.getOutput());
            assertThat(output).hasSize(2);
            assertThat(output.get(0)).isInstanceOf(StreamRecord.class);
            assertThat(output.get(1)).isEqualTo(new Watermark(5000));
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void skipDropsTheRowAndCountsTheMiss(Layout layout) throws Exception {
        try (var h = harness(layout, new LookupJoinOperator(inner(layout, MissingStrategy.SKIP)))) {
            h.open();
            customer(h, "C1", "gold");
            tableLoaded(h);
            order(h, 1, "C9");
            order(h, 2, "C1");
            assertThat(drain(h)).containsExactly("+I[2, C1, C1, gold]@1002");
            assertThat(missCount(h, "skip")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void nullsAndDefaultsFillTheTableColumns(Layout layout) throws Exception {
        try (var h = harness(layout, new LookupJoinOperator(inner(layout, MissingStrategy.NULLS)))) {
            h.open();
            tableLoaded(h);
            order(h, 1, "C9");
            assertThat(drain(h)).containsExactly("+I[1, C9, null, null]@1001");
            assertThat(missCount(h, "nulls")).isEqualTo(1);
        }
        LookupJoinSpec defaults = spec(layout, JoinKind.INNER, MissingStrategy.DEFAULTS, Row.of(null, "none"), null, 3);
        try (var h = harness(layout, new LookupJoinOperator(defaults))) {
            h.open();
            customer(h, "C1", "gold");
            tableLoaded(h);
            order(h, 1, "C9");
            order(h, 2, "C1");
            order(h, 3, "C7");
            assertThat(drain(h)).containsExactly(
                    "+I[1, C9, null, none]@1001", "+I[2, C1, C1, gold]@1002", "+I[3, C7, null, none]@1003");
            assertThat(missCount(h, "defaults")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void leftJoinMissesEmitNullsAndCountUnderLeft(Layout layout) throws Exception {
        try (var h = harness(layout, new LookupJoinOperator(spec(layout, JoinKind.LEFT, MissingStrategy.FAIL, new Row(2), null, 3)))) {
            h.open();
            customer(h, "C1", "gold");
            tableLoaded(h);
            order(h, 1, "C9");
            order(h, 2, "C1");
            assertThat(drain(h)).containsExactly("+I[1, C9, null, null]@1001", "+I[2, C1, C1, gold]@1002");
            assertThat(missCount(h, "left")).isEqualTo(1);
            assertThat(missCount(h, "fail")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void failStopsTheJobWithE502NamingTableAndKey(Layout layout) throws Exception {
        try (var h = harness(layout, new LookupJoinOperator(inner(layout, MissingStrategy.FAIL)))) {
            h.open();
            customer(h, "C1", "gold");
            tableLoaded(h);
            order(h, 1, "C1");
            assertThatThrownBy(() -> order(h, 2, "C9"))
                    .hasRootCauseMessage("E502 join miss in statement 'enrich': table 'customers' has no row for key "
                            + "(customer_id=C9) (join.missing.strategy = 'fail')");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void nonKeyConjunctsFilterCandidates(Layout layout) throws Exception {
        RowExpr goldOnly = (row, ctx) -> "gold".equals(row.getField(3));
        try (var h = harness(layout, new LookupJoinOperator(spec(layout, JoinKind.LEFT, MissingStrategy.SKIP, new Row(2), goldOnly,
                3)))) {
            h.open();
            customer(h, "C1", "gold");
            customer(h, "C2", "silver");
            tableLoaded(h);
            order(h, 1, "C1");
            order(h, 2, "C2");
            assertThat(drain(h)).containsExactly("+I[1, C1, C1, gold]@1001", "+I[2, C2, null, null]@1002");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void tableDeletionsAndUpdatesChangeLaterProbes(Layout layout) throws Exception {
        try (var h = harness(layout, new LookupJoinOperator(inner(layout, MissingStrategy.NULLS)))) {
            h.open();
            customer(h, "C1", "gold");
            tableLoaded(h);
            order(h, 1, "C1");
            h.processElement2(new StreamRecord<>(Row.ofKind(RowKind.UPDATE_AFTER, "C1", "silver"), 0));
            order(h, 2, "C1");
            h.processElement2(new StreamRecord<>(Row.ofKind(RowKind.DELETE, "C1", "silver"), 0));
            order(h, 3, "C1");
            assertThat(drain(h)).containsExactly(
                    "+I[1, C1, C1, gold]@1001", "+I[2, C1, C1, silver]@1002", "+I[3, C1, null, null]@1003");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void waitAndRetryFindsARowThatArrivesLaterWithDoublingDelays(Layout layout) throws Exception {
        LookupJoinSpec spec = spec(layout, JoinKind.INNER, MissingStrategy.WAIT_AND_RETRY, new Row(2), null, 3);
        assertThat(List.of(spec.retryDelay(1), spec.retryDelay(2), spec.retryDelay(3))).containsExactly(100L, 200L,
                400L);
        try (var h = harness(layout, new LookupJoinOperator(spec))) {
            h.setProcessingTime(0);
            h.open();
            h.processWatermark2(Watermark.MAX_WATERMARK);
            order(h, 1, "C1");
            order(h, 2, "C9");
            h.setProcessingTime(100);
            assertThat(drain(h)).isEmpty();
            customer(h, "C1", "gold");
            h.setProcessingTime(300);
            assertThat(drain(h)).containsExactly("+I[1, C1, C1, gold]@1001");
            h.setProcessingTime(700);
            assertThat(drain(h)).isEmpty();
            assertThat(missCount(h, "wait_and_retry")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void aBoundedJobFinishesItsPendingRetries(Layout layout) throws Exception {
        LookupJoinSpec spec = spec(layout, JoinKind.INNER, MissingStrategy.WAIT_AND_RETRY, new Row(2), null, 3);
        LookupJoinOperator operator = new LookupJoinOperator(spec);
        try (var h = harness(layout, operator)) {
            h.setProcessingTime(0);
            h.open();
            customer(h, "C1", "gold");
            h.processWatermark2(Watermark.MAX_WATERMARK);
            order(h, 1, "C9");
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            h.endAllInputs();
            operator.finish();
            assertThat(drain(h)).isEmpty();
            assertThat(missCount(h, "wait_and_retry")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void heldBackRowsAndTheTableSurviveASnapshotAndRestore(Layout layout) throws Exception {
        LookupJoinSpec spec = inner(layout, MissingStrategy.NULLS);
        OperatorSubtaskState snapshot;
        try (var h = harness(layout, new LookupJoinOperator(spec))) {
            h.open();
            order(h, 1, "C2");
            customer(h, "C1", "gold");
            order(h, 2, "C1");
            snapshot = h.snapshot(1L, 1L);
            assertThat(drain(h)).isEmpty();
        }
        OperatorSubtaskState afterLoad;
        try (var h = harness(layout, new LookupJoinOperator(spec))) {
            h.initializeState(snapshot);
            h.open();
            customer(h, "C2", "silver");
            order(h, 3, "C1");
            assertThat(drain(h)).isEmpty();
            tableLoaded(h);
            assertThat(drain(h)).containsExactly(
                    "+I[1, C2, C2, silver]@1001", "+I[2, C1, C1, gold]@1002", "+I[3, C1, C1, gold]@1003");
            afterLoad = h.snapshot(2L, 2L);
        }
        try (var h = harness(layout, new LookupJoinOperator(spec))) {
            // The table input finished before this snapshot; after the restore the stream is not held back.
            h.initializeState(afterLoad);
            h.open();
            order(h, 4, "C2");
            order(h, 5, "C3");
            assertThat(drain(h)).containsExactly("+I[4, C2, C2, silver]@1004", "+I[5, C3, null, null]@1005");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void aPendingRetrySurvivesASnapshotAndRestore(Layout layout) throws Exception {
        LookupJoinSpec spec = spec(layout, JoinKind.INNER, MissingStrategy.WAIT_AND_RETRY, new Row(2), null, 3);
        OperatorSubtaskState snapshot;
        try (var h = harness(layout, new LookupJoinOperator(spec))) {
            h.setProcessingTime(0);
            h.open();
            h.processWatermark2(Watermark.MAX_WATERMARK);
            order(h, 1, "C1");
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(layout, new LookupJoinOperator(spec))) {
            h.setProcessingTime(0);
            h.initializeState(snapshot);
            h.open();
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
            customer(h, "C1", "gold");
            h.setProcessingTime(100);
            assertThat(drain(h)).containsExactly("+I[1, C1, C1, gold]@1001");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void aNullKeyFindsTheTableRowWithANullKey(Layout layout) throws Exception {
        // As with the Row key it replaces: the bare key's NULL stand-in keeps NULL matching NULL.
        try (var h = harness(layout, new LookupJoinOperator(inner(layout, MissingStrategy.FAIL)))) {
            h.open();
            customer(h, null, "unknown");
            customer(h, "C1", "gold");
            tableLoaded(h);
            order(h, 1, null);
            order(h, 2, "C1");
            assertThat(drain(h)).containsExactly("+I[1, null, null, unknown]@1001", "+I[2, C1, C1, gold]@1002");
            h.processElement2(new StreamRecord<>(Row.ofKind(RowKind.DELETE, null, "unknown"), 0));
            assertThatThrownBy(() -> order(h, 3, null))
                    .hasRootCauseMessage("E502 join miss in statement 'enrich': table 'customers' has no row for key "
                            + "(customer_id=null) (join.missing.strategy = 'fail')");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void theTableIsKeptInTheStateOfItsLayout(Layout layout) throws Exception {
        try (var h = harness(layout, new LookupJoinOperator(inner(layout, MissingStrategy.SKIP)))) {
            h.open();
            customer(h, "C1", "gold");
            customer(h, "C2", "silver");
            customer(h, "C1", "silver");
            String used = layout.oneRowPerKey ? "velo-join-table-row" : "velo-join-table";
            String unused = layout.oneRowPerKey ? "velo-join-table" : "velo-join-table-row";
            var backend = h.getOperator().getKeyedStateBackend();
            assertThat(backend.getKeys(used, VoidNamespace.INSTANCE).toList())
                    .containsExactlyInAnyOrder(layout.keyOf(0).getKey(Row.of("C1")),
                            layout.keyOf(0).getKey(Row.of("C2")));
            assertThat(backend.getKeys(unused, VoidNamespace.INSTANCE).toList()).isEmpty();
        }
    }
}
