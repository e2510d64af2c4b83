package dev.veloflink.runtime.join;

import dev.veloflink.runtime.ValueKeySelector;

import dev.veloflink.dialect.diag.CodedException;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.runtime.StatementFunctionContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;

import static dev.veloflink.runtime.join.HeldBackTable.ROW;
import static dev.veloflink.runtime.join.HeldBackTable.SEQ;
import static dev.veloflink.runtime.join.HeldBackTable.TIME;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stream-table join (SPEC §12.2, §13.3), keyed by the lookup key on both inputs. Input 1 is the stream, input 2 the
 * table's changelog, kept in keyed state (table key to row; a later row replaces an earlier one with the same key).
 *
 * <p>Stream rows wait until the table is ready: they are buffered in keyed state, each with a per-subtask arrival
 * number, until the table is ready (its input's watermark reaches {@link #TABLE_READY_WATERMARK}, which unbounded
 * table sources emit after their bulk phase, or +inf when the table input ends), and then probed in arrival order across keys, so
 * a parallelism-1 join emits in stream order. The buffered rows are released before the +inf watermark is forwarded,
 * so none of them is late downstream; until then the table input's watermark (none, for a file) holds the output
 * watermark back.
 *
 * <p>A custom operator rather than a KeyedCoProcessFunction because releasing the buffer has to visit every key
 * ({@code applyToAllKeys}) and output rows keep the stream row's event time.
 */
public final class LookupJoinOperator extends AbstractStreamOperator<Row>
        implements TwoInputStreamOperator<Row, Row, Row>, BoundedMultiInput, Triggerable<Object, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    /** A retry entry: a held-back entry ({@link HeldBackTable#SEQ}, TIME, ROW), then the attempt and when it is due. */
    private static final int ATTEMPT = 3;
    private static final int DUE = 4;

    /**
     * The table input's watermark that says "every split has finished its bulk phase" (the connectors'
     * {@code TableLoadSource.READY_WATERMARK}); an unbounded table never reaches +inf, a bounded one reaches it too.
     */
    public static final long TABLE_READY_WATERMARK = Long.MAX_VALUE - 1;

    private final LookupJoinSpec spec;

    private transient HeldBackTable table;
    private transient ListState<Row> retryRows;
    private transient ListStateDescriptor<Row> retryDescriptor;
    private transient InternalTimerService<VoidNamespace> retryTimers;
    private transient StatementFunctionContext functionContext;
    private transient Counter misses;

    public LookupJoinOperator(LookupJoinSpec spec) {
        this.spec = spec;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // "velo-join": the state names existing savepoints of the join were taken with.
        table = new HeldBackTable("velo-join", spec.tableKey(), spec.tableType(), spec.streamType(),
                spec.oneTableRowPerKey(), spec.waitForTable(), spec.readyAgainAfterRestore());
        table.initializeState(context);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        table.snapshotState();
    }

    @Override
    public void open() throws Exception {
        super.open();
        table.open(this);
        retryDescriptor = new ListStateDescriptor<>("velo-join-retries",
                new RowTypeInfo(Types.LONG, Types.LONG, spec.streamType(), Types.INT, Types.LONG));
        retryRows = getPartitionedState(retryDescriptor);
        retryTimers = getInternalTimerService("velo-join-retry", VoidNamespaceSerializer.INSTANCE, this);
        functionContext = new StatementFunctionContext(getRuntimeContext(), spec.statement());
        spec.errors().open(getRuntimeContext());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("statement", spec.statement());
        labels.put("table", spec.table());
        labels.put("strategy", spec.missLabel());
        misses = VeloCounters.counter(getRuntimeContext(), "velo_join_missing_total", labels);
        table.reportReadiness(getMetricGroup(), spec.table());
    }

    // ------------------------------------------------------------------ the stream

    @Override
    public void processElement1(StreamRecord<Row> record) throws Exception {
        Long time = record.hasTimestamp() ? record.getTimestamp() : null;
        long sequence = table.nextSequence();
        if (!table.ready()) {
            table.hold(record.getValue(), time, sequence);
            return;
        }
        probe(record.getValue(), time, sequence, 0);
    }

    /** Probes the table with one stream row (the current key is the row's lookup key) and emits what follows. */
    private void probe(Row streamRow, Long time, long sequence, int attempt) throws Exception {
        boolean matched = false;
        for (Row tableRow : table.rows()) {
            Row joined = joined(streamRow, tableRow);
            if (passesFilter(streamRow, joined)) {
                emit(joined, time);
                matched = true;
            }
        }
        if (!matched) {
            miss(streamRow, time, sequence, attempt);
        }
    }

    private boolean passesFilter(Row streamRow, Row joined) {
        if (spec.filter() == null) {
            return true;
        }
        try {
            return Boolean.TRUE.equals(spec.filter().eval(joined, functionContext));
        } catch (RowErrorException e) {
            spec.errors().handle(streamRow, e, this::deadLetter);
            return false;
        }
    }

    private void miss(Row streamRow, Long time, long sequence, int attempt) throws Exception {
        if (spec.kind() == JoinKind.LEFT) {
            misses.inc();
            emit(joined(streamRow, new Row(spec.tableType().getArity())), time);
            return;
        }
        switch (spec.strategy()) {
            case SKIP -> misses.inc();
            case NULLS -> {
                misses.inc();
                emit(joined(streamRow, new Row(spec.tableType().getArity())), time);
            }
            case DEFAULTS -> {
                misses.inc();
                emit(joined(streamRow, spec.defaults()), time);
            }
            case FAIL -> throw new SuppressRestartsException(new CodedException("E502", "join miss in statement '"
                    + spec.statement() + "': table '" + spec.table() + "' has no row for key " + describeKey()
                    + " (join.missing.strategy = 'fail')"));
            case WAIT_AND_RETRY -> {
                if (attempt < spec.retryCount()) {
                    scheduleRetry(streamRow, time, sequence, attempt + 1);
                } else {
                    // Retries exhausted: as skip. Counted once per stream row, when it finally misses.
                    misses.inc();
                }
            }
        }
    }

    private String describeKey() {
        List<Object> key = ValueKeySelector.values(getCurrentKey());
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            String name = i < spec.lookupKeyNames().size() ? spec.lookupKeyNames().get(i) : "key" + i;
            parts.add(name + "=" + key.get(i));
        }
        return parts.isEmpty() ? "(ON without a key: no row matched)" : "(" + String.join(", ", parts) + ")";
    }

    private Row joined(Row streamRow, Row tableRow) {
        int streamArity = streamRow.getArity();
        Row joined = new Row(streamRow.getKind(), streamArity + tableRow.getArity());
        for (int i = 0; i < streamArity; i++) {
            joined.setField(i, streamRow.getField(i));
        }
        for (int i = 0; i < tableRow.getArity(); i++) {
            joined.setField(streamArity + i, tableRow.getField(i));
        }
        return joined;
    }

    private void emit(Row joined, Long time) {
        output.collect(time == null ? new StreamRecord<>(joined) : new StreamRecord<>(joined, time));
    }

    // ------------------------------------------------------------------ the table

    @Override
    public void processElement2(StreamRecord<Row> record) throws Exception {
        table.apply(record.getValue());
    }

    @Override
    public void processWatermark2(Watermark mark) throws Exception {
        if (mark.getTimestamp() >= TABLE_READY_WATERMARK) {
            // The table's bulk load is complete; release before forwarding the watermark it unblocks.
            releasePending();
        }
        super.processWatermark2(mark);
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 2) {
            releasePending();
        }
    }

    /** Marks the table ready and probes every held-back stream row, in arrival order across keys. */
    private void releasePending() throws Exception {
        for (HeldBackTable.HeldRow held : table.release()) {
            setCurrentKey(held.key());
            probe(held.row(), held.time(), held.sequence(), 0);
        }
    }

    // ------------------------------------------------------------------ wait_and_retry

    private void scheduleRetry(Row streamRow, Long time, long sequence, int attempt) throws Exception {
        long due = getProcessingTimeService().getCurrentProcessingTime() + spec.retryDelay(attempt);
        retryRows.add(Row.of(sequence, time, Row.copy(streamRow), attempt, due));
        retryTimers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, due);
    }

    @Override
    public void onProcessingTime(InternalTimer<Object, VoidNamespace> timer) throws Exception {
        List<Row> due = new ArrayList<>();
        List<Row> waiting = new ArrayList<>();
        for (Row entry : retryRows.get()) {
            ((Long) entry.getField(DUE) <= timer.getTimestamp() ? due : waiting).add(entry);
        }
        retryRows.update(waiting);
        due.sort(Comparator.comparingLong(e -> (Long) e.getField(SEQ)));
        for (Row entry : due) {
            probe((Row) entry.getField(ROW), (Long) entry.getField(TIME), (Long) entry.getField(SEQ),
                    (Integer) entry.getField(ATTEMPT));
        }
    }

    @Override
    public void onEventTime(InternalTimer<Object, VoidNamespace> timer) {
    }

    /**
     * A bounded job ends: both inputs are done, so the table can no longer change, and waiting longer cannot turn a
     * miss into a match. Each pending retry gets its last probe now (SPEC §12.2: pending retries finish before a
     * bounded job ends).
     */
    @Override
    public void finish() throws Exception {
        releasePending();
        List<HeldBackTable.KeyedEntry> retries = HeldBackTable.entriesInArrivalOrder(this, retryDescriptor);
        HeldBackTable.clear(this, retries, retryRows);
        for (HeldBackTable.KeyedEntry retry : retries) {
            setCurrentKey(retry.key());
            Row entry = retry.entry();
            probe((Row) entry.getField(ROW), (Long) entry.getField(TIME),
                    retry.sequence(), spec.retryCount());
        }
        super.finish();
    }

    /** A row error's dead letter, on the {@link RowErrorHandler#DEAD_LETTERS} side output (SPEC §6.3). */
    private void deadLetter(String letter) {
        output.collect(RowErrorHandler.DEAD_LETTERS, new StreamRecord<>(letter));
    }
}
