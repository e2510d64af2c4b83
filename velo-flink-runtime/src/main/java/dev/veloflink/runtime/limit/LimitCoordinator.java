package dev.veloflink.runtime.limit;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.runtime.operators.coordination.OperatorEvent;
import org.apache.flink.runtime.source.event.SourceEventWrapper;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The LIMIT's side on the JobManager: when its operator reports n rows passed, it hands {@code announcement} to the
 * source coordinators registered in Flink's per-job coordinator store under the listening ids the planner gave those
 * sources (Flink's own route for coordinator-to-source events). A source coordinator not registered yet gets it when
 * it registers. It keeps no state: a restored, reached LIMIT reports again.
 *
 * <p>An ending task of a checkpointed job waits for a checkpoint after it finished (so sinks commit their last
 * rows), which at the periodic interval (10 s by default) would keep a finished LIMIT waiting two or three intervals.
 * So once reached it also triggers checkpoints one after another, a bounded number of times, until the job ends.
 */
final class LimitCoordinator implements OperatorCoordinator {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LimitCoordinator.class);

    private final Context context;
    private final SourceEvent announcement;
    private final List<String> sourcesToEnd;
    private volatile boolean closed;
    private int checkpointsLeft = CHECKPOINTS_AFTER_REACHED;
    private static final int CHECKPOINTS_AFTER_REACHED = 40;

    private LimitCoordinator(Context context, SourceEvent announcement, List<String> sourcesToEnd) {
        this.context = context;
        this.announcement = announcement;
        this.sourcesToEnd = sourcesToEnd;
    }

    @Override
    public void handleEventFromOperator(int subtask, int attempt, OperatorEvent event) throws Exception {
        if (!(event instanceof LimitReachedEvent)) {
            throw new IllegalStateException("a LIMIT's coordinator got an unexpected event " + event);
        }
        LOG.info("{} reached: ending the sources {} once all LIMITs they feed are reached", announcement,
                sourcesToEnd);
        for (String source : sourcesToEnd) {
            context.getCoordinatorStore().compute(source, (id, registered) -> {
                if (registered instanceof OperatorCoordinator sourceCoordinator) {
                    try {
                        sourceCoordinator.handleEventFromOperator(0, 0, new SourceEventWrapper(announcement));
                    } catch (Exception e) {
                        context.failJob(e);
                    }
                    return registered;
                }
                return new SourceEventWrapper(announcement);
            });
        }
        checkpointSoon();
    }

    /** One checkpoint after another, each after the last completed (or failed), until the job ends. */
    private synchronized void checkpointSoon() {
        org.apache.flink.runtime.checkpoint.CheckpointCoordinator checkpoints = context.getCheckpointCoordinator();
        if (closed || checkpoints == null || checkpoints.isShutdown() || checkpointsLeft <= 0) {
            return;
        }
        checkpointsLeft--;
        checkpoints.triggerCheckpoint(false).whenComplete((done, error) -> CompletableFuture.runAsync(
                this::checkpointSoon, CompletableFuture.delayedExecutor(100, java.util.concurrent.TimeUnit.MILLISECONDS)));
    }

    @Override
    public void start() {
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public void checkpointCoordinator(long checkpointId, CompletableFuture<byte[]> result) {
        result.complete(new byte[0]);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
    }

    @Override
    public void resetToCheckpoint(long checkpointId, byte[] checkpointData) {
    }

    @Override
    public void subtaskReset(int subtask, long checkpointId) {
    }

    @Override
    public void executionAttemptFailed(int subtask, int attempt, Throwable reason) {
    }

    @Override
    public void executionAttemptReady(int subtask, int attempt, SubtaskGateway gateway) {
    }

    record Provider(OperatorID operatorId, SourceEvent announcement, List<String> sourcesToEnd)
            implements OperatorCoordinator.Provider {
        private static final long serialVersionUID = 1L;

        @Override
        public OperatorID getOperatorId() {
            return operatorId;
        }

        @Override
        public OperatorCoordinator create(Context context) {
            return new LimitCoordinator(context, announcement, sourcesToEnd);
        }
    }
}
