package dev.veloflink.runtime.join;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The state of a keyed two-input operator that looks stream rows up in a table (SPEC §12.2, §3.5, §13.3): the table's
 * rows per key, and the stream rows held back until the table has loaded.
 *
 * <p>When each operator key (the join key) has at most one table row ({@code oneRowPerKey}: the join equates every
 * table key column), table rows live in keyed ValueState: one heap entry per row, the state key standing for the table
 * key. Otherwise they live in keyed MapState (table key to row; a later row replaces an earlier one with the same key;
 * a table without a key keeps every row under its arrival number). Stream rows that arrive before the table is ready are
 * buffered in keyed ListState, each with a per-subtask arrival number, and {@link #release()} hands them back in
 * arrival order across keys. The ready flag and the arrival counter are union operator state, so after a rescale
 * every subtask knows the table had been loaded.
 *
 * <p>Shared by {@link LookupJoinOperator} and the subquery operator; {@code prefix} names the state, so existing
 * savepoints of the join keep their state names.
 */
public final class HeldBackTable {
    /** Layout of a held-back entry: arrival number, event time (NULL when the row has none), the stream row. */
    public static final int SEQ = 0;
    public static final int TIME = 1;
    public static final int ROW = 2;

    private final String prefix;
    private final List<Integer> tableKey;
    private final RowTypeInfo tableType;
    private final RowTypeInfo streamType;
    private final boolean oneRowPerKey;
    private final boolean waitForTable;

    private AbstractStreamOperator<?> operator;
    /** The table when one row per key ({@code oneRowPerKey}), else null. */
    private ValueState<Row> tableRow;
    /** The table when a key may have several rows, else null. */
    private MapState<Row, Row> tableRows;
    private ListState<Row> pendingRows;
    private ListStateDescriptor<Row> pendingDescriptor;
    private ListState<Boolean> readyState;
    private ListState<Long> sequenceState;
    private boolean tableReady;
    private final boolean readyAgainAfterRestore;
    private long nextSequence;

    /**
     * @param prefix     the state names' prefix, e.g. {@code velo-join}
     * @param tableKey   indexes of the table's key columns; empty: the table keeps every row
     * @param tableType  the table rows' layout
     * @param streamType the stream rows' layout
     */
    public HeldBackTable(String prefix, List<Integer> tableKey, RowTypeInfo tableType, RowTypeInfo streamType,
                         boolean waitForTable) {
        this(prefix, tableKey, tableType, streamType, false, waitForTable);
    }

    /**
     * @param oneRowPerKey whether the operator's key determines the table key (it includes every table key column),
     *                     so a key has at most one table row; ignored for a table without a key
     * @param waitForTable whether stream rows are held back until the table is ready; without, the table counts as
     *                     ready from the start ({@code table.ready.strategy = 'no_wait'}, SPEC §13.3)
     */
    public HeldBackTable(String prefix, List<Integer> tableKey, RowTypeInfo tableType, RowTypeInfo streamType,
                         boolean oneRowPerKey, boolean waitForTable) {
        this(prefix, tableKey, tableType, streamType, oneRowPerKey, waitForTable, false);
    }

    /**
     * @param readyAgainAfterRestore a restore does not bring back "the table was ready": the table's source signals it
     *                               again once it has caught up (a Kafka table, to the end offsets of the restart)
     */
    public HeldBackTable(String prefix, List<Integer> tableKey, RowTypeInfo tableType, RowTypeInfo streamType,
                         boolean oneRowPerKey, boolean waitForTable, boolean readyAgainAfterRestore) {
        this.readyAgainAfterRestore = readyAgainAfterRestore;
        this.prefix = prefix;
        this.tableKey = List.copyOf(tableKey);
        this.tableType = tableType;
        this.streamType = streamType;
        this.oneRowPerKey = oneRowPerKey && !tableKey.isEmpty();
        this.waitForTable = waitForTable;
    }

    /** Call from the operator's {@code initializeState}. */
    public void initializeState(StateInitializationContext context) throws Exception {
        readyState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(prefix + "-table-ready", Types.BOOLEAN));
        sequenceState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(prefix + "-sequence", Types.LONG));
        tableReady = !waitForTable;
        nextSequence = 0;
        if (context.isRestored()) {
            for (Boolean ready : readyState.get()) {
                tableReady |= Boolean.TRUE.equals(ready) && !readyAgainAfterRestore;
            }
            for (Long sequence : sequenceState.get()) {
                nextSequence = Math.max(nextSequence, sequence);
            }
        }
    }

    /** Call from the operator's {@code snapshotState}. */
    public void snapshotState() throws Exception {
        readyState.update(List.of(tableReady));
        sequenceState.update(List.of(nextSequence));
    }

    /** Call from the operator's {@code open}. */
    public void open(AbstractStreamOperator<?> owner) throws Exception {
        this.operator = owner;
        if (oneRowPerKey) {
            tableRow = owner.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                    new ValueStateDescriptor<>(prefix + "-table-row", tableType));
        } else {
            tableRows = owner.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                    new MapStateDescriptor<>(prefix + "-table", storedKeyType(), tableType));
        }
        pendingDescriptor = new ListStateDescriptor<>(prefix + "-pending",
                new RowTypeInfo(Types.LONG, Types.LONG, streamType));
        pendingRows = owner.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                pendingDescriptor);
    }

    private RowTypeInfo storedKeyType() {
        if (tableKey.isEmpty()) {
            return new RowTypeInfo(Types.LONG);
        }
        TypeInformation<?>[] types = tableKey.stream().map(tableType::getTypeAt).toArray(TypeInformation[]::new);
        return new RowTypeInfo(types);
    }

    /**
     * Registers {@code velo_table_ready{table}} (1 once this subtask no longer holds its stream back): velo-coordinator
     * reads it for table readiness and {@code table.ready.timeout} (SPEC §13.3). Every operator that holds a stream
     * back for a table registers it, so a table is never called ready from its source alone while a reader waits.
     */
    public void reportReadiness(MetricGroup operatorGroup, String tableName) {
        operatorGroup.addGroup("table", tableName)
                .gauge("velo_table_ready", (Gauge<Integer>) () -> tableReady ? 1 : 0);
    }

    /** Whether the table has loaded, so stream rows are processed as they arrive. */
    public boolean ready() {
        return tableReady;
    }

    /** The next per-subtask arrival number. */
    public long nextSequence() {
        return nextSequence++;
    }

    /** Holds a stream row back (under the current key) until {@link #release()}; the row is copied. */
    public void hold(Row streamRow, Long time, long sequence) throws Exception {
        // Copied: with object reuse the upstream operator may overwrite the row once the caller returns.
        pendingRows.add(Row.of(sequence, time, Row.copy(streamRow)));
    }

    /** The table rows under the current key. */
    public Iterable<Row> rows() throws Exception {
        if (oneRowPerKey) {
            Row row = tableRow.value();
            return row == null ? List.of() : List.of(row);
        }
        return tableRows.values();
    }

    /** Applies one changelog row of the table (under the current key). */
    public void apply(Row row) throws Exception {
        RowKind kind = row.getKind();
        boolean upsert = kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER;
        if (oneRowPerKey) {
            // The row's operator key determines its table key, so the state key stands for the table key.
            if (upsert) {
                tableRow.update(stored(row));
            } else if (kind == RowKind.DELETE) {
                tableRow.clear();
            }
            return;
        }
        if (tableKey.isEmpty()) {
            if (upsert) {
                tableRows.put(Row.of(nextSequence++), stored(row));
            } else {
                removeOneEqualRow(row);
            }
            return;
        }
        Row key = new Row(tableKey.size());
        for (int i = 0; i < tableKey.size(); i++) {
            key.setField(i, row.getField(tableKey.get(i)));
        }
        if (upsert) {
            tableRows.put(key, stored(row));
        } else if (kind == RowKind.DELETE) {
            tableRows.remove(key);
        }
        // UPDATE_BEFORE: the UPDATE_AFTER that follows replaces the row under its key.
    }

    private static Row stored(Row row) {
        Row copy = Row.copy(row);
        copy.setKind(RowKind.INSERT);
        return copy;
    }

    private void removeOneEqualRow(Row retracted) throws Exception {
        Iterator<Map.Entry<Row, Row>> entries = tableRows.iterator();
        while (entries.hasNext()) {
            Map.Entry<Row, Row> entry = entries.next();
            if (sameFields(entry.getValue(), retracted)) {
                entries.remove();
                return;
            }
        }
    }

    private static boolean sameFields(Row a, Row b) {
        if (a.getArity() != b.getArity()) {
            return false;
        }
        for (int i = 0; i < a.getArity(); i++) {
            if (!Objects.equals(a.getField(i), b.getField(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Marks the table ready and returns every held-back stream row in arrival order, removed from state; empty when
     * the table was ready already. The caller sets each row's key before processing it.
     */
    public List<HeldRow> release() throws Exception {
        if (tableReady) {
            return List.of();
        }
        tableReady = true;
        List<KeyedEntry> entries = entriesInArrivalOrder(operator, pendingDescriptor);
        clear(operator, entries, pendingRows);
        List<HeldRow> held = new ArrayList<>(entries.size());
        for (KeyedEntry e : entries) {
            held.add(new HeldRow(e.key(), (Row) e.entry().getField(ROW), (Long) e.entry().getField(TIME),
                    e.sequence()));
        }
        return held;
    }

    /** A held-back stream row, the key it waited under, its event time and arrival number. */
    public record HeldRow(Object key, Row row, Long time, long sequence) {
    }

    /** One entry of a keyed list state, its key, and its arrival number (the entry's first field, unboxed). */
    public record KeyedEntry(Object key, Row entry, long sequence) {
    }

    /** Every entry of a keyed list state whose entries start with an arrival number, in arrival order. */
    public static List<KeyedEntry> entriesInArrivalOrder(AbstractStreamOperator<?> operator,
                                                         ListStateDescriptor<Row> descriptor) throws Exception {
        List<KeyedEntry> entries = new ArrayList<>();
        operator.<Object>getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                descriptor, (key, state) -> {
                    for (Row entry : state.get()) {
                        entries.add(new KeyedEntry(key, entry, (Long) entry.getField(SEQ)));
                    }
                });
        // Sorted by the unboxed number: a table's bulk phase can hold back millions of rows, and reading each
        // comparison's numbers out of their rows cost a sort of them several times over.
        entries.sort(Comparator.comparingLong(KeyedEntry::sequence));
        return entries;
    }

    /** Clears {@code state} under every key of {@code entries}. */
    public static void clear(AbstractStreamOperator<?> operator, List<KeyedEntry> entries, ListState<Row> state) {
        Set<Object> keys = new LinkedHashSet<>();
        entries.forEach(e -> keys.add(e.key()));
        for (Object key : keys) {
            operator.setCurrentKey(key);
            state.clear();
        }
    }
}
