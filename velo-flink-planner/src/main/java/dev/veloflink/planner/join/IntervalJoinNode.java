package dev.veloflink.planner.join;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import dev.veloflink.planner.plan.JobContext;
import dev.veloflink.planner.plan.PlanNode;
import dev.veloflink.runtime.ExprKeySelector;
import dev.veloflink.runtime.interval.IntervalJoinOperator;
import dev.veloflink.runtime.interval.IntervalJoinSpec;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * A stream-stream interval join (SPEC §12.3): both inputs keyed by the ON equalities (one constant key without them,
 * at parallelism 1), into one {@link IntervalJoinOperator}. Emits {@code [a fields..., b fields..., output event
 * time]} rows, laid out as {@code schema}.
 *
 * @param uidSuffix the operator's uid after the statement's name: {@code /interval-join/<JOIN relation>} for a SELECT's
 *                first interval join (as before chained joins existed, so savepoints keep their state),
 *                {@code /interval-join<n>/<JOIN relation>} for the n-th
 */
public record IntervalJoinNode(PlanNode left, PlanNode right, ExprKeySelector leftKey, ExprKeySelector rightKey,
                               IntervalJoinSpec spec, Schema schema, int parallelism, String uidSuffix, String summary)
        implements PlanNode {

    @Override
    public String describe() {
        return "IntervalJoinOperator (keyed two-input, both sides buffered in MapState by event time, event-time "
                + "timers for NULL rows and cleanup, watermark held back " + spec.watermarkDelay() + "ms): "
                + summary;
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of(left, right);
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> leftRows = left.build(job);
        DataStream<Row> rightRows = right.build(job);
        return job.withRowErrorLetters(spec.statement(), leftRows.connect(rightRows)
                .keyBy(leftKey, rightKey)
                .transform("interval join: " + summary, FlinkTypes.rowType(schema), new IntervalJoinOperator(spec))
                .setParallelism(parallelism).uid(job.uid(spec.statement() + uidSuffix)));
    }
}
