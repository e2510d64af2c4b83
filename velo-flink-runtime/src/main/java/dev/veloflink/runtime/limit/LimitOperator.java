package dev.veloflink.runtime.limit;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.operators.coordination.OperatorEventGateway;
import org.apache.flink.runtime.operators.coordination.OperatorEventHandler;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * LIMIT n (SPEC §3.4): passes the statement's first n output rows over all batches and discards the rest. Once n rows
 * have passed it tells its {@link LimitCoordinator}, which ends the sources that feed only reached LIMITs, so the job
 * ends over unbounded input too. It runs at parallelism 1; its count is checkpointed (state "passed", as the former
 * process function kept it) so a restore does not pass more than n rows, and a restored LIMIT that was already
 * reached says so again.
 */
public final class LimitOperator extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<Row, Row>, OperatorEventHandler {
    private final long limit;
    private final transient OperatorEventGateway coordinator;
    private long passed;
    private boolean announced;
    private transient ListState<Long> passedState;

    LimitOperator(StreamOperatorParameters<Row> parameters, long limit, OperatorEventGateway coordinator) {
        super(parameters);
        this.limit = limit;
        this.coordinator = coordinator;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        passedState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("passed", Types.LONG));
        for (Long value : passedState.get()) {
            passed = value;
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        announceIfReached();
    }

    @Override
    public void processElement(StreamRecord<Row> element) {
        if (passed < limit) {
            passed++;
            output.collect(element);
            announceIfReached();
        }
    }

    private void announceIfReached() {
        if (passed >= limit && !announced) {
            announced = true;
            coordinator.sendEventToCoordinator(new LimitReachedEvent());
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        passedState.update(List.of(passed));
    }

    @Override
    public void handleOperatorEvent(OperatorEvent event) {
        throw new IllegalStateException("a LIMIT expects no event from its coordinator, got " + event);
    }
}
