package dev.veloflink.runtime.group;

import dev.veloflink.runtime.testing.TestStateBackend;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.aggregate.AggregateCall;
import dev.veloflink.runtime.aggregate.AggregationSpec;
import dev.veloflink.runtime.aggregate.EmitMode;
import dev.veloflink.runtime.testing.Exprs;
import dev.veloflink.runtime.testing.Harnesses;
import dev.veloflink.runtime.testing.Harnesses.Event;
import dev.veloflink.runtime.testing.TestAccumulators;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static dev.veloflink.runtime.testing.Harnesses.at;
import static dev.veloflink.runtime.testing.Harnesses.event;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §9.2, §9.3 and the worked example §9.7 (Q2, Q3 and the HAVING variant). Input rows: [customer, amount]. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStateBackend.class)
class GroupAggregateOperatorTest {
    /** Every test runs on the heap and on the RocksDB backend. */
    @Parameter
    TestStateBackend backend;

    static final long R1 = at("2024-05-01T10:00:05Z");
    static final long R2 = at("2024-05-01T10:00:20Z");
    static final long R3 = at("2024-05-01T10:00:40Z");
    static final long R4 = at("2024-05-01T10:01:10Z");
    static final long R5 = at("2024-05-01T10:01:15Z");

    static final List<Event> ORDERS = List.of(
            event(R1, "a", 10L), event(R2, "b", 5L), event(R3, "a", 2L), event(R4, "a", 4L), event(R5, "b", 0L));

    /** {@code SELECT customer, COUNT(*) AS n, SUM(amount) AS total ... GROUP BY customer}: intermediate = output. */
    static AggregationSpec q2(EmitMode mode, RowExpr having) {
        return new AggregationSpec("q", List.of(
                AggregateCall.of(TestAccumulators.countStar(), List.of()),
                AggregateCall.of(TestAccumulators.sum(), List.of(Exprs.field(1)))),
                Exprs.fields(0, 1, 2), having, mode);
    }

    Supplier<OneInputStreamOperatorTestHarness<Row, Row>> harness(AggregationSpec spec) {
        return Harnesses.unchecked(() -> Harnesses.keyed(backend, new GroupAggregateOperator<>(spec),
                row -> Row.of(row.getField(0)), new RowTypeInfo(Types.STRING)));
    }

    @Test
    void emitChangesYieldsOneRowPerInputRowEvenWhenNothingChanged() throws Exception {
        List<String> out = Harnesses.run(harness(q2(EmitMode.CHANGES, null)), 0, ORDERS, -1, true);
        assertThat(out).containsExactly(
                "+I[a, 1, 10]@" + R1,
                "+I[b, 1, 5]@" + R2,
                "+U[a, 2, 12]@" + R3,
                "+U[a, 3, 16]@" + R4,
                "+U[b, 2, 5]@" + R5);
    }

    @Test
    void havingThatStopsHoldingDeletesTheKeyOnce() throws Exception {
        List<String> out = Harnesses.run(harness(q2(EmitMode.CHANGES, Exprs.lessThan(1, 2))), 0, ORDERS, -1, true);
        assertThat(out).containsExactly(
                "+I[a, 1, 10]@" + R1,
                "+I[b, 1, 5]@" + R2,
                "-D[a, 1, 10]@" + R3,
                "-D[b, 1, 5]@" + R5);
    }

    @Test
    void emitFinalWaitsForTheEndOfInputAndStampsTheGroupsLargestEventTime() throws Exception {
        List<Event> outOfOrder = List.of(ORDERS.get(3), ORDERS.get(0), ORDERS.get(4), ORDERS.get(2), ORDERS.get(1));
        List<String> beforeEnd = Harnesses.run(harness(q2(EmitMode.FINAL, null)), 0, outOfOrder, -1, false);
        assertThat(beforeEnd).isEmpty();
        List<String> out = Harnesses.run(harness(q2(EmitMode.FINAL, null)), 0, outOfOrder, -1, true);
        assertThat(out).containsExactlyInAnyOrder("+I[a, 3, 16]@" + R4, "+I[b, 2, 5]@" + R5);
    }

    @Test
    void emitFinalAppliesHavingAndEmitsNothingForGroupsThatFail() throws Exception {
        List<String> out = Harnesses.run(harness(q2(EmitMode.FINAL, Exprs.lessThan(1, 3))), 0, ORDERS, -1, true);
        assertThat(out).containsExactly("+I[b, 2, 5]@" + R5);
    }

    @Test
    void aggregatesWithoutGroupByFormOneGroupUnderTheEmptyKey() throws Exception {
        AggregationSpec spec = new AggregationSpec("q", List.of(
                AggregateCall.of(TestAccumulators.countStar(), List.of()),
                AggregateCall.of(TestAccumulators.sum(), List.of(Exprs.field(1)))),
                Exprs.fields(0, 1), null, EmitMode.CHANGES);
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h = Harnesses.unchecked(() -> Harnesses.keyed(backend, 
                new GroupAggregateOperator<>(spec), row -> Row.of(), new RowTypeInfo()));
        assertThat(Harnesses.run(h, 0, ORDERS.subList(0, 2), -1, true))
                .containsExactly("+I[1, 10]@" + R1, "+U[2, 15]@" + R2);
    }

    @Test
    void filteredCallsSkipRowsWhoseFilterIsNotTrue() throws Exception {
        RowExpr onlyA = (row, ctx) -> "a".equals(row.getField(0)) ? Boolean.TRUE : null;
        AggregationSpec spec = new AggregationSpec("q", List.of(
                new AggregateCall(TestAccumulators.countStar(), List.of(), onlyA)),
                Exprs.fields(0), null, EmitMode.CHANGES);
        Supplier<OneInputStreamOperatorTestHarness<Row, Row>> h = Harnesses.unchecked(() -> Harnesses.keyed(backend, 
                new GroupAggregateOperator<>(spec), row -> Row.of(), new RowTypeInfo()));
        assertThat(Harnesses.run(h, 0, ORDERS, -1, true))
                .containsExactly("+I[1]@" + R1, "+U[1]@" + R2, "+U[2]@" + R3, "+U[3]@" + R4, "+U[3]@" + R5);
    }

    @Test
    void restoringFromASnapshotMidStreamGivesTheUninterruptedOutput() throws Exception {
        for (EmitMode mode : EmitMode.values()) {
            for (RowExpr having : new RowExpr[] {null, Exprs.lessThan(1, 2)}) {
                List<String> uninterrupted = Harnesses.run(harness(q2(mode, having)), 0, ORDERS, -1, true);
                for (int cut = 1; cut < ORDERS.size(); cut++) {
                    assertThat(Harnesses.run(harness(q2(mode, having)), 0, ORDERS, cut, true))
                            .as("mode %s, having %s, snapshot after %d rows", mode, having != null, cut)
                            .isEqualTo(uninterrupted);
                }
            }
        }
    }
}
