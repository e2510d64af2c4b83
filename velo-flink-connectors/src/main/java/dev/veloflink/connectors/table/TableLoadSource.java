package dev.veloflink.connectors.table;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.types.Row;

/**
 * Any {@link TableSource} as a FLIP-27 source of {@link TableEnvelope} rows, bulk then incremental (SPEC §13.1).
 * Splits carry their positions, so checkpoints and savepoints resume a load exactly. Bounded when the table has no
 * incremental phase. Follow it with a {@link TableLoadGate}:
 *
 * <pre>{@code
 * DataStream<Row> envelopes = env.fromSource(new TableLoadSource(table), WatermarkStrategy.noWatermarks(),
 *         "customers", TableEnvelope.typeInfo(table.schema()));
 * SingleOutputStreamOperator<Row> rows = envelopes.process(new TableLoadGate(statement, "customers", strategy,
 *         table.schema()));
 * }</pre>
 */
public final class TableLoadSource implements Source<Row, TableSplit, TableEnumeratorState>,
        ResultTypeQueryable<Row> {
    private static final long serialVersionUID = 1L;

    /**
     * The watermark an unbounded table emits once every split has finished its bulk phase: the table is ready
     * (SPEC §13.1). One below {@code Long.MAX_VALUE}, which stays the end of input of a bounded table; consumers that
     * wait for a table (the stream-table join) treat either as "ready". A watermark rather than a control record
     * because Flink already aligns it across parallel readers and channels (the minimum reaches the join only when
     * every reader is ready), it passes through every operator unchanged, and after a restore the readers derive it
     * again from their checkpointed split phases.
     */
    public static final long READY_WATERMARK = Long.MAX_VALUE - 1;

    private final TableSource table;
    /** Null: the load starts at once, without a bulk-phase permit. */
    private final LoadSlot slot;

    public TableLoadSource(TableSource table) {
        this(table, null);
    }

    /** @param slot where the table takes its turn among the job's loads ({@code max.parallel.loads}); null: none */
    public TableLoadSource(TableSource table, LoadSlot slot) {
        this.table = table;
        this.slot = slot;
    }

    public TableSource table() {
        return table;
    }

    @Override
    public Boundedness getBoundedness() {
        return table.supportsIncremental() ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<TableSplit, TableEnumeratorState> createEnumerator(
            SplitEnumeratorContext<TableSplit> context) {
        return new TableSplitEnumerator(context, table, null, slot);
    }

    @Override
    public SplitEnumerator<TableSplit, TableEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<TableSplit> context, TableEnumeratorState checkpoint) {
        return new TableSplitEnumerator(context, table, checkpoint, slot);
    }

    @Override
    public SimpleVersionedSerializer<TableSplit> getSplitSerializer() {
        return TableSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<TableEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new TableEnumeratorStateSerializer();
    }

    @Override
    public SourceReader<Row, TableSplit> createReader(SourceReaderContext readerContext) {
        return new TableSourceReader(readerContext, table);
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return TableEnvelope.typeInfo(table.schema());
    }
}
