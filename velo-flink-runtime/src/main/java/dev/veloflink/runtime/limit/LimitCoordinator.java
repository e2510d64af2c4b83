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

    private static final int CHECKPOINTS_AFTER_REACHED = 40;

    private final Context context;
    private final SourceEvent announcement;
    private final SourceEvent retraction;
    private final List<String> sourcesToEnd;
    private volatile boolean closed;
    private int checkpointsLeft = CHECKPOINTS_AFTER_REACHED;

    private LimitCoordinator(Context context, SourceEvent announcement, SourceEvent retraction,
                             List<String> sourcesToEnd) {
        this.context = context;
        this.announcement = announcement;
        this.retraction = retraction;
        this.sourcesToEnd = sourcesToEnd;
    }

    @Override
    public void handleEventFromOperator(int subtask, int attempt, OperatorEvent event) throws Exception {
        if (!(event instanceof LimitReachedEvent)) {
            throw new IllegalStateException("a LIMIT's coordinator got an unexpected event " + event);
        }
        LOG.info("{} reached: ending the sources {} once all LIMITs they feed are reached", announcement,
                sourcesToEnd);
        tellSources(announcement);
        checkpointSoon();
    }

    /**
     * Hands {@code event} to each source coordinator, or leaves it in the store for one not registered yet. A
     * retraction instead withdraws this LIMIT's announcement still waiting there.
     */
    private void tellSources(SourceEvent event) {
        for (String source : sourcesToEnd) {
            context.getCoordinatorStore().compute(source, (id, registered) -> {
                if (registered instanceof OperatorCoordinator sourceCoordinator) {
                    try {
                        sourceCoordinator.handleEventFromOperator(0, 0, new SourceEventWrapper(event));
                    } catch (Exception e) {
                        context.failJob(e);
                    }
                    return registered;
                }
                if (event == retraction) {
                    boolean ownAnnouncement = registered instanceof SourceEventWrapper pending
                            && pending.getSourceEvent().equals(announcement);
                    return ownAnnouncement ? null : registered;
                }
                return new SourceEventWrapper(event);
            });
        }
    }

    /** One checkpoint after another, each after the last completed (or failed), until the job ends. */
    private synchronized void checkpointSoon() {
        org.apache.flink.runtime.checkpoint.CheckpointCoordinator checkpoints = context.getCheckpointCoordinator();
        // Without periodic checkpoints (a bounded job) a finished task waits for none, and a forced checkpoint would
        // only snapshot all state for nothing, on a cluster into the JobManager's small default storage.
        if (closed || checkpoints == null || checkpoints.isShutdown() || checkpointsLeft <= 0
                || !checkpoints.isPeriodicCheckpointingConfigured()) {
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

    /**
     * A regional failover reset the LIMIT's task to the count of a checkpoint (Flink resets coordinators of restarted
     * subtasks only through this call): the sources' enumerators must let their restarted readers read again, and a
     * LIMIT still reached at that count says so again when its operator opens.
     */
    @Override
    public synchronized void subtaskReset(int subtask, long checkpointId) {
        LOG.info("{} reset to checkpoint {}: the sources {} read on until it is reached again", announcement,
                checkpointId, sourcesToEnd);
        checkpointsLeft = CHECKPOINTS_AFTER_REACHED;
        tellSources(retraction);
    }

    @Override
    public void executionAttemptFailed(int subtask, int attempt, Throwable reason) {
    }

    @Override
    public void executionAttemptReady(int subtask, int attempt, SubtaskGateway gateway) {
    }

    record Provider(OperatorID operatorId, SourceEvent announcement, SourceEvent retraction,
                    List<String> sourcesToEnd)
            implements OperatorCoordinator.Provider {
        private static final long serialVersionUID = 1L;

        @Override
        public OperatorID getOperatorId() {
            return operatorId;
        }

        @Override
        public OperatorCoordinator create(Context context) {
            return new LimitCoordinator(context, announcement, retraction, sourcesToEnd);
        }
    }
}
