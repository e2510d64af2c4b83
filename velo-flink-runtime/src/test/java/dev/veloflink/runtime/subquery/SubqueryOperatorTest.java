package dev.veloflink.runtime.subquery;

import dev.veloflink.runtime.testing.TestStateBackend;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.functions.FunctionCatalog;
import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.functions.ops.Operators;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.aggregate.AggregateCall;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.apache.flink.api.common.typeinfo.Types.INT;
import static org.apache.flink.api.common.typeinfo.Types.LONG;
import static org.apache.flink.api.common.typeinfo.Types.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SPEC §3.5 on the operator alone. Outer rows: [order_id, customer, amount]; table rows: [customer, amount_limit].
 * The joined row a subquery's expressions read is [order_id, customer, amount, customer, amount_limit].
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStateBackend.class)
class SubqueryOperatorTest {
    /** Every test runs on the heap and on the RocksDB backend. */
    @Parameter
    TestStateBackend backend;

    static final RowTypeInfo OUTER = new RowTypeInfo(LONG, STRING, INT);
    static final RowTypeInfo TABLE = new RowTypeInfo(STRING, INT);
    static final RowExpr AMOUNT = (row, ctx) -> row.getField(2);
    static final RowExpr LIMIT = (row, ctx) -> row.getField(4);

    static SubquerySpec spec(List<Integer> tableKey, SubqueryRows rows, SubqueryResult result, ErrorPolicy policy) {
        return new SubquerySpec("s", "limits", tableKey, rows, result, OUTER, TABLE,
                new RowErrorHandler("s", "orders", policy, -1), true);
    }

    static SubqueryResult in(boolean negated) {
        return new SubqueryResult.In(AMOUNT, Operators.bind(BinaryOperatorKind.EQ, Types.INTEGER, Types.INTEGER)
                .impl(), negated);
    }

    /** Uncorrelated: every row under one constant key. */
    KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> uncorrelated(SubquerySpec spec)
            throws Exception {
        KeySelector<Row, Row> constant = row -> Row.of();
        return backend.on(new KeyedTwoInputStreamOperatorTestHarness<>(new SubqueryOperator(spec), constant, constant,
                new RowTypeInfo()));
    }

    /** Correlated on outer.customer = table.customer. */
    KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> byCustomer(SubquerySpec spec)
            throws Exception {
        return backend.on(new KeyedTwoInputStreamOperatorTestHarness<>(new SubqueryOperator(spec),
                row -> Row.of(row.getField(1)), row -> Row.of(row.getField(0)), new RowTypeInfo(STRING)));
    }

    static void order(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h, long id, String customer,
                      Integer amount) throws Exception {
        h.processElement1(new StreamRecord<>(Row.of(id, customer, amount), 1000 + id));
    }

    static void limit(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h, String customer, Integer limit)
            throws Exception {
        h.processElement2(new StreamRecord<>(Row.of(customer, limit), 0));
    }

    static void tableLoaded(KeyedTwoInputStreamOperatorTestHarness<Row, Row, Row, Row> h) throws Exception {
        h.processWatermark2(Watermark.MAX_WATERMARK);
        h.endInput2();
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

    @Test
    void inAppendsTrueOnAMatchAndFalseWithoutOneAfterTheTableLoaded() throws Exception {
        try (var h = uncorrelated(spec(List.of(), SubqueryRows.plain(null, LIMIT, false), in(false),
                ErrorPolicy.SKIP))) {
            h.open();
            order(h, 1, "c1", 10);
            limit(h, "c1", 10);
            limit(h, "c2", 20);
            order(h, 2, "c2", 15);
            assertThat(drain(h)).as("rows wait for the table").isEmpty();
            tableLoaded(h);
            order(h, 3, "c3", 20);
            assertThat(drain(h)).containsExactly("+I[1, c1, 10, true]@1001", "+I[2, c2, 15, false]@1002",
                    "+I[3, c3, 20, true]@1003");
        }
    }

    @Test
    void inAndNotInFollowThreeValuedLogicWithNulls() throws Exception {
        for (boolean negated : new boolean[]{false, true}) {
            try (var h = uncorrelated(spec(List.of(), SubqueryRows.plain(null, LIMIT, false), in(negated),
                    ErrorPolicy.SKIP))) {
                h.open();
                limit(h, "c1", 10);
                limit(h, "c2", null);
                tableLoaded(h);
                order(h, 1, "x", 10);
                order(h, 2, "x", 11);
                order(h, 3, "x", null);
                // 10 IN (10, NULL) is TRUE; 11 IN (10, NULL) is NULL; NULL IN (...) is NULL. NOT IN negates,
                // NULL staying NULL: a NULL in the subquery never lets NOT IN be TRUE.
                assertThat(drain(h)).containsExactly("+I[1, x, 10, " + !negated + "]@1001", "+I[2, x, 11, null]@1002",
                        "+I[3, x, null, null]@1003");
            }
        }
    }

    @Test
    void inOverAnEmptyResultIsFalseEvenForANullOperandAndNotInIsTrue() throws Exception {
        RowExpr never = (row, ctx) -> Boolean.FALSE;
        for (boolean negated : new boolean[]{false, true}) {
            try (var h = uncorrelated(spec(List.of(), SubqueryRows.plain(never, LIMIT, false), in(negated),
                    ErrorPolicy.SKIP))) {
                h.open();
                limit(h, "c1", 10);
                tableLoaded(h);
                order(h, 1, "x", null);
                assertThat(drain(h)).containsExactly("+I[1, x, null, " + negated + "]@1001");
            }
        }
    }

    @Test
    void allOverAnEmptyResultIsTrueAndAnyIsFalse() throws Exception {
        var gt = Operators.bind(BinaryOperatorKind.GT, Types.INTEGER, Types.INTEGER).impl();
        for (boolean all : new boolean[]{false, true}) {
            try (var h = byCustomer(spec(List.of(), SubqueryRows.plain(null, LIMIT, false),
                    new SubqueryResult.Quantified(AMOUNT, gt, all), ErrorPolicy.SKIP))) {
                h.open();
                limit(h, "c1", 10);
                limit(h, "c1", 30);
                tableLoaded(h);
                order(h, 1, "c1", 20);
                order(h, 2, "c1", 40);
                order(h, 3, "c9", 1);
                assertThat(drain(h)).containsExactly("+I[1, c1, 20, " + !all + "]@1001",
                        "+I[2, c1, 40, true]@1002", "+I[3, c9, 1, " + all + "]@1003");
            }
        }
    }

    @Test
    void correlatedExistsSeesOnlyTheOuterRowsKeyAndTheCurrentContents() throws Exception {
        try (var h = byCustomer(spec(List.of(0), SubqueryRows.plain(null, null, false), new SubqueryResult.Exists(),
                ErrorPolicy.SKIP))) {
            h.open();
            limit(h, "c1", 10);
            tableLoaded(h);
            order(h, 1, "c1", 5);
            order(h, 2, "c2", 5);
            limit(h, "c2", 7);
            order(h, 3, "c2", 5);
            Row deleted = Row.of("c1", 10);
            deleted.setKind(RowKind.DELETE);
            h.processElement2(new StreamRecord<>(deleted, 0));
            order(h, 4, "c1", 5);
            assertThat(drain(h)).containsExactly("+I[1, c1, 5, true]@1001", "+I[2, c2, 5, false]@1002",
                    "+I[3, c2, 5, true]@1003", "+I[4, c1, 5, false]@1004");
        }
    }

    @Test
    void scalarYieldsTheValueOrNullAndMoreThanOneRowIsARowError() throws Exception {
        try (var h = byCustomer(spec(List.of(), SubqueryRows.plain(null, LIMIT, false), new SubqueryResult.Scalar(),
                ErrorPolicy.SKIP))) {
            h.open();
            limit(h, "c1", 10);
            limit(h, "c2", 20);
            limit(h, "c2", 21);
            tableLoaded(h);
            order(h, 1, "c1", 5);
            order(h, 2, "c2", 5);
            order(h, 3, "c3", 5);
            assertThat(drain(h)).containsExactly("+I[1, c1, 5, 10]@1001", "+I[3, c3, 5, null]@1003");
            var skipped = h.getEnvironment().getAccumulatorRegistry().getUserMap().get(
                    "velo_records_skipped_total{statement=\"s\",source=\"orders\",reason=\"eval_error\"}");
            assertThat(((Number) skipped.getLocalValue()).longValue()).isEqualTo(1L);
        }
    }

    @Test
    void aDeletionWhoseSubqueryFailsStillPassesWithANullValueEvenUnderTheFailStrategy() throws Exception {
        try (var h = byCustomer(spec(List.of(), SubqueryRows.plain(null, LIMIT, false), new SubqueryResult.Scalar(),
                ErrorPolicy.FAIL))) {
            h.open();
            limit(h, "c2", 20);
            limit(h, "c2", 21);
            tableLoaded(h);
            Row deletion = Row.ofKind(RowKind.DELETE, 2L, "c2", 5);
            h.processElement1(new StreamRecord<>(deletion, 1002));
            assertThat(drain(h)).containsExactly("-D[2, c2, 5, null]@1002");
        }
    }

    @Test
    void scalarWithMoreThanOneRowFailsTheJobUnderTheFailStrategy() throws Exception {
        try (var h = byCustomer(spec(List.of(), SubqueryRows.plain(null, LIMIT, false), new SubqueryResult.Scalar(),
                ErrorPolicy.FAIL))) {
            h.open();
            limit(h, "c2", 20);
            limit(h, "c2", 21);
            tableLoaded(h);
            assertThatThrownBy(() -> order(h, 2, "c2", 5)).hasStackTraceContaining("E503")
                    .hasStackTraceContaining("scalar subquery returned 2 rows");
        }
    }

    @Test
    void aggregatedScalarFormsOneGroupEvenOverNoRows() throws Exception {
        FunctionCatalog catalog = FunctionCatalog.builtIn();
        var count = catalog.aggregate("count").orElseThrow().bind(List.of(), List.of(), false);
        var sum = catalog.aggregate("sum").orElseThrow().bind(List.of(Types.INTEGER), java.util.Collections.singletonList(null),
                false);
        // Aggregated row: [order_id, customer, amount, count(*), sum(amount_limit)]; value: count * 1000 + sum.
        RowExpr value = (row, ctx) -> ((Number) row.getField(3)).longValue() * 1000
                + (row.getField(4) == null ? 0 : ((Number) row.getField(4)).longValue());
        SubqueryRows rows = new SubqueryRows(null, true, List.of(), List.of(AggregateCall.of(count.factory(),
                List.of()), AggregateCall.of(sum.factory(), List.of(LIMIT))), null, value, false);
        try (var h = byCustomer(spec(List.of(), rows, new SubqueryResult.Scalar(), ErrorPolicy.SKIP))) {
            h.open();
            limit(h, "c1", 10);
            limit(h, "c1", 20);
            tableLoaded(h);
            order(h, 1, "c1", 0);
            order(h, 2, "c2", 0);
            assertThat(drain(h)).containsExactly("+I[1, c1, 0, 2030]@1001", "+I[2, c2, 0, 0]@1002");
        }
    }

    @Test
    void heldBackRowsAndTheTableSurviveASnapshotAndRestore() throws Exception {
        SubquerySpec spec = spec(List.of(0), SubqueryRows.plain(null, LIMIT, false), new SubqueryResult.Scalar(),
                ErrorPolicy.SKIP);
        OperatorSubtaskState snapshot;
        try (var h = byCustomer(spec)) {
            h.open();
            limit(h, "c1", 10);
            order(h, 1, "c1", 5);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = byCustomer(spec)) {
            h.initializeState(snapshot);
            h.open();
            limit(h, "c1", 11);
            order(h, 2, "c1", 5);
            tableLoaded(h);
            assertThat(drain(h)).as("the held row is released in arrival order, over the replaced table row")
                    .containsExactly("+I[1, c1, 5, 11]@1001", "+I[2, c1, 5, 11]@1002");
            snapshot = h.snapshot(2, 2);
        }
        try (var h = byCustomer(spec)) {
            h.initializeState(snapshot);
            h.open();
            order(h, 3, "c1", 5);
            assertThat(drain(h)).as("a restored subtask knows the table was loaded").containsExactly(
                    "+I[3, c1, 5, 11]@1003");
        }
    }

    @Test
    void anUnboundedTableReleasesHeldRowsAtItsReadyWatermarkAndKeepsChanging() throws Exception {
        try (var h = byCustomer(spec(List.of(0), SubqueryRows.plain(null, LIMIT, false),
                new SubqueryResult.Scalar(), ErrorPolicy.SKIP))) {
            h.open();
            limit(h, "c1", 10);
            order(h, 1, "c1", 5);
            h.processWatermark2(new Watermark(dev.veloflink.runtime.join.LookupJoinOperator.TABLE_READY_WATERMARK));
            limit(h, "c1", 12);
            order(h, 2, "c1", 5);
            assertThat(drain(h)).as("an emitted row is never revised by a later table change")
                    .containsExactly("+I[1, c1, 5, 10]@1001", "+I[2, c1, 5, 12]@1002");
        }
    }
}
