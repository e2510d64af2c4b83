package dev.veloflink.connectors.table;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.deadletter.DeadLetters;
import dev.veloflink.connectors.decode.BadRecordFailure;
import dev.veloflink.connectors.decode.BadRecordLog;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.functions.types.FlinkTypes;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns {@link TableEnvelope}s into the source's rows (schema columns, then system columns) and counts the load:
 * <ul>
 *   <li>{@code velo_table_rows_loaded{table}}: good rows, both phases; {@code velo_table_bulk_rows_loaded{table}}:
 *       those of the bulk phase;</li>
 *   <li>{@code velo_table_bulk_splits_done{table}}: splits whose bulk phase ended; the bulk phase of the table is
 *       over when it reaches the split count, which each {@link #BULK_DONE} element also carries;</li>
 *   <li>{@code velo_records_in_total{statement,source}} and {@code velo_records_skipped_total{statement,source,reason}}
 *       as every decoder counts them (SPEC §6.3).</li>
 * </ul>
 * Bad records follow the error strategy: skipped and logged, E503 without restart, or written to
 * {@link RecordDecoder#DEAD_LETTERS} as well. All counters are Flink metrics and accumulators ({@link VeloCounters}).
 *
 * <p>A table read by several readers (a Kafka table's partitions) has a gate per reader, chained behind it: each
 * counts what its reader loaded, so the table's counts are the sums over the gate subtasks (Flink sums the
 * accumulators; the coordinator's progress and ready lines sum the metrics), and the bulk splits done reach the split
 * count only summed.
 */
public class TableLoadGate extends ProcessFunction<Row, Row> implements ResultTypeQueryable<Row> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TableLoadGate.class);

    /** One element per split whose bulk phase ended: {@code <table>\t<splitId>\t<split count>}. */
    public static final OutputTag<String> BULK_DONE = new OutputTag<>("velo-table-bulk-done") {
    };

    public static final String ROWS_LOADED = "velo_table_rows_loaded";
    public static final String BULK_ROWS_LOADED = "velo_table_bulk_rows_loaded";
    public static final String BULK_SPLITS_DONE = "velo_table_bulk_splits_done";

    private final String statement;
    private final String source;
    private final ErrorStrategy errorStrategy;
    private final Schema schema;
    /** False when a decoder downstream counts {@code velo_records_in_total} (a Kafka table decodes after the load). */
    private final boolean countRecordsIn;

    private transient int columnCount;
    private transient Counter rowsLoaded;
    private transient Counter bulkRowsLoaded;
    private transient Counter bulkSplitsDone;
    private transient Counter recordsIn;
    private transient Map<String, Counter> skipped;
    private transient BadRecordLog badRecordLog;

    /**
     * @param statement the statement's job name (labels, messages)
     * @param source    the source (table) name: the {@code source} and {@code table} labels
     */
    public TableLoadGate(String statement, String source, ErrorStrategy errorStrategy, Schema schema) {
        this(statement, source, errorStrategy, schema, true);
    }

    /** @param countRecordsIn whether this gate counts {@code velo_records_in_total}, or a decoder after it does */
    public TableLoadGate(String statement, String source, ErrorStrategy errorStrategy, Schema schema,
            boolean countRecordsIn) {
        this.countRecordsIn = countRecordsIn;
        this.statement = statement;
        this.source = source;
        this.errorStrategy = errorStrategy;
        this.schema = schema;
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return FlinkTypes.rowType(SystemColumns.withSystemColumns(schema));
    }

    @Override
    public void open(OpenContext openContext) {
        columnCount = schema.size();
        Map<String, String> table = Map.of("table", source);
        rowsLoaded = VeloCounters.counter(getRuntimeContext(), ROWS_LOADED, table);
        bulkRowsLoaded = VeloCounters.counter(getRuntimeContext(), BULK_ROWS_LOADED, table);
        bulkSplitsDone = VeloCounters.counter(getRuntimeContext(), BULK_SPLITS_DONE, table);
        recordsIn = countRecordsIn ? VeloCounters.counter(getRuntimeContext(), RecordDecoder.RECORDS_IN, labels())
                : null;
        skipped = new HashMap<>();
        badRecordLog = new BadRecordLog(LOG, statement, source, false);
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("statement", statement);
        labels.put("source", source);
        return labels;
    }

    @Override
    public void processElement(Row envelope, Context ctx, Collector<Row> out) {
        int kind = TableEnvelope.kind(envelope, columnCount);
        switch (kind) {
            case TableEnvelope.KIND_BULK_ROW, TableEnvelope.KIND_INCREMENTAL_ROW -> {
                if (countRecordsIn) {
                    recordsIn.inc();
                }
                rowsLoaded.inc();
                if (kind == TableEnvelope.KIND_BULK_ROW) {
                    bulkRowsLoaded.inc();
                }
                out.collect(TableEnvelope.unwrap(envelope, columnCount));
            }
            case TableEnvelope.KIND_BULK_END -> {
                bulkSplitsDone.inc();
                ctx.output(BULK_DONE, source + "\t" + TableEnvelope.position(envelope, columnCount) + "\t"
                        + TableEnvelope.message(envelope, columnCount));
            }
            default -> badRecord(envelope, ctx);
        }
    }

    private void badRecord(Row envelope, Context ctx) {
        String position = TableEnvelope.position(envelope, columnCount);
        String reason = TableEnvelope.reason(envelope, columnCount);
        String message = TableEnvelope.message(envelope, columnCount);
        if (errorStrategy == ErrorStrategy.FAIL) {
            throw BadRecordFailure.withoutRestart(statement, source, position, reason, message);
        }
        skipped.computeIfAbsent(reason, r -> {
            Map<String, String> labels = labels();
            labels.put("reason", r);
            return VeloCounters.counter(getRuntimeContext(), RecordDecoder.RECORDS_SKIPPED, labels);
        }).inc();
        badRecordLog.warn(position, reason, message);
        if (errorStrategy == ErrorStrategy.DEAD_LETTER) {
            ctx.output(RecordDecoder.DEAD_LETTERS, DeadLetters.json(statement, source, position, reason, message,
                    TableEnvelope.record(envelope, columnCount)));
        }
    }
}
