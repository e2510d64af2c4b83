package dev.veloflink.runtime.stateless;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * LIMIT n (SPEC §3.4): passes the statement's first n output rows over all batches and discards the rest. It runs at
 * parallelism 1, and its count is checkpointed so a restore does not pass more than n rows.
 */
public final class LimitFunction extends ProcessFunction<Row, Row> implements CheckpointedFunction {
    private final long limit;
    private long passed;
    private transient ListState<Long> passedState;

    public LimitFunction(long limit) {
        this.limit = limit;
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        if (passed < limit) {
            passed++;
            out.collect(row);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        passedState.update(java.util.List.of(passed));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        passedState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("passed", Types.LONG));
        for (Long value : passedState.get()) {
            passed = value;
        }
    }
}
