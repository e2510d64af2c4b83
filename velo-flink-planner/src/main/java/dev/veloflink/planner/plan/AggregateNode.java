package dev.veloflink.planner.plan;

import dev.veloflink.connectors.deadletter.LateRowLetters;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.runtime.ValueKeySelector;
import dev.veloflink.runtime.aggregate.AggregationSpec;
import dev.veloflink.runtime.aggregate.EmitMode;
import dev.veloflink.runtime.group.GroupAggregation;
import dev.veloflink.runtime.group.GroupCombineOperator;
import dev.veloflink.runtime.order.OrderedRelease;
import dev.veloflink.runtime.order.ReleaseOrder;
import dev.veloflink.runtime.window.LateDataPolicy;
import dev.veloflink.runtime.window.WindowSpec;
import dev.veloflink.runtime.window.WindowedAggregation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;

import java.util.List;
import java.util.Optional;

/**
 * GROUP BY with or without a window: keyBy the group key, then our aggregating operator (all state in Flink keyed
 * state), then, for EMIT FINAL, the parallelism-1 ordered release in front of the sink (SPEC §9.8). With
 * {@code combined}, a {@link GroupCombineOperator} before the keyBy folds each input subtask's rows per group, and the
 * aggregation merges the folds (EMIT FINAL without a window, no aggregate that depends on arrival order).
 */
public record AggregateNode(PlanNode input, ValueKeySelector keySelector, AggregationSpec spec,
                            Optional<WindowSpec> window, LateDataPolicy late, Optional<ReleaseOrder> release,
                            Schema schema, int visibleColumns, String summary, int parallelism, String statement,
                            boolean combined)
        implements PlanNode {
    public AggregateNode {
        if (combined && (window.isPresent() || spec.mode() != EmitMode.FINAL)) {
            throw new IllegalArgumentException("only an EMIT FINAL aggregation without a window is combined");
        }
    }

    @Override
    public String describe() {
        return summary;
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        RowTypeInfo outType = FlinkTypes.rowType(schema);
        DataStream<Row> rows = input.build(job);
        DataStream<Row> aggregated;
        if (combined) {
            if (!(rows.getType() instanceof RowTypeInfo rowType)) {
                throw new IllegalStateException("an aggregation's input must be rows, not " + rows.getType());
            }
            SingleOutputStreamOperator<Object> folded = GroupAggregation.combine(rows, rowType, keySelector, spec,
                    GroupCombineOperator.DEFAULT_MAX_GROUPS);
            folded.uid(job.uid(statement + "/combine"));
            aggregated = GroupAggregation.apply(GroupAggregation.byGroup(folded, keySelector), spec, outType)
                    .setParallelism(parallelism);
        } else {
            var keyed = rows.keyBy(keySelector);
            aggregated = window.isPresent()
                    ? WindowedAggregation.apply(keyed, window.get(), late, spec, outType).setParallelism(parallelism)
                    : GroupAggregation.apply(keyed, spec, outType).setParallelism(parallelism);
            if (window.isPresent() && late.strategy() == LateDataPolicy.Strategy.DEAD_LETTER) {
                job.deadLetters().add(statement, WindowedAggregation.lateRows(
                        (SingleOutputStreamOperator<Row>) aggregated, keyed.getType()).process(
                        new LateRowLetters(statement, input.schema())).name(statement + ": late rows as dead letters")
                        .setParallelism(parallelism));
            }
        }
        aggregated.getTransformation().setUid(job.uid(statement + "/aggregate"));
        if (release.isPresent()) {
            aggregated = OrderedRelease.apply(aggregated, release.get()).uid(job.uid(statement + "/release"));
        }
        return aggregated;
    }
}
