package dev.veloflink.connectors.table;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.functions.types.FlinkTypes;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows a {@link TableLoadSource} emits: the table's columns, the system columns, then five fields that let the
 * {@link TableLoadGate} count and route them. Bad records travel as envelopes too, because a source has no side
 * outputs and no accumulators; the gate applies the error strategy where both exist.
 *
 * <p>Fields after the system columns: {@code _velo_kind} (INTEGER, see the {@code KIND_*} constants),
 * {@code _velo_position} (the record's position text, SPEC §6.3), {@code _velo_reason}, {@code _velo_message} and
 * {@code _velo_record} (a bad record's reason label, message and raw text).
 */
public final class TableEnvelope {
    public static final int KIND_BULK_ROW = 0;
    public static final int KIND_INCREMENTAL_ROW = 1;
    public static final int KIND_BAD = 2;
    /** A split's bulk phase ended; {@code _velo_position} holds the split id, {@code _velo_message} the split count. */
    public static final int KIND_BULK_END = 3;

    public static final int EXTRA_FIELDS = 5;
    private static final int KIND = 0;
    private static final int POSITION = 1;
    private static final int REASON = 2;
    private static final int MESSAGE = 3;
    private static final int RECORD = 4;

    private TableEnvelope() {
    }

    /** The envelope row type for a table of this schema. */
    public static RowTypeInfo typeInfo(Schema schema) {
        List<Column> columns = new ArrayList<>(SystemColumns.withSystemColumns(schema).columns());
        columns.add(new Column("_velo_kind", Types.INTEGER));
        columns.add(new Column("_velo_position", Types.STRING));
        columns.add(new Column("_velo_reason", Types.STRING));
        columns.add(new Column("_velo_message", Types.STRING));
        columns.add(new Column("_velo_record", Types.STRING));
        return FlinkTypes.rowType(new Schema(columns));
    }

    /** The first field after the schema and system columns. */
    private static int extras(int columnCount) {
        return columnCount + SystemColumns.COUNT;
    }

    /**
     * A new envelope for a good row: the caller fills the schema columns {@code 0..columnCount-1} and may set
     * {@code _partition}, {@code _topic} and {@code _key}. {@code position} may be null: the gate drops a good row's
     * position, so only a source whose rows are checked again downstream with it needs to pass one.
     */
    public static Row row(int columnCount, TablePhase phase, long offset, long timestamp, String position) {
        Row row = new Row(columnCount + SystemColumns.COUNT + EXTRA_FIELDS);
        row.setField(columnCount + SystemColumns.TIMESTAMP_OFFSET, timestamp);
        row.setField(columnCount + SystemColumns.OFFSET_OFFSET, offset);
        int e = extras(columnCount);
        row.setField(e + KIND, phase == TablePhase.BULK ? KIND_BULK_ROW : KIND_INCREMENTAL_ROW);
        row.setField(e + POSITION, position);
        return row;
    }

    public static Row bad(int columnCount, String position, String reason, String message, String record) {
        Row row = new Row(columnCount + SystemColumns.COUNT + EXTRA_FIELDS);
        int e = extras(columnCount);
        row.setField(e + KIND, KIND_BAD);
        row.setField(e + POSITION, position);
        row.setField(e + REASON, reason);
        row.setField(e + MESSAGE, message);
        row.setField(e + RECORD, record);
        return row;
    }

    public static Row bulkEnd(int columnCount, String splitId, int splits) {
        Row row = new Row(columnCount + SystemColumns.COUNT + EXTRA_FIELDS);
        int e = extras(columnCount);
        row.setField(e + KIND, KIND_BULK_END);
        row.setField(e + POSITION, splitId);
        row.setField(e + MESSAGE, Integer.toString(splits));
        return row;
    }

    public static int kind(Row envelope, int columnCount) {
        return (Integer) envelope.getField(extras(columnCount) + KIND);
    }

    public static String position(Row envelope, int columnCount) {
        return (String) envelope.getField(extras(columnCount) + POSITION);
    }

    public static String reason(Row envelope, int columnCount) {
        return (String) envelope.getField(extras(columnCount) + REASON);
    }

    public static String message(Row envelope, int columnCount) {
        return (String) envelope.getField(extras(columnCount) + MESSAGE);
    }

    public static String record(Row envelope, int columnCount) {
        return (String) envelope.getField(extras(columnCount) + RECORD);
    }

    /** The row without the envelope fields: the schema columns, then the system columns. */
    public static Row unwrap(Row envelope, int columnCount) {
        int n = columnCount + SystemColumns.COUNT;
        Row row = new Row(envelope.getKind(), n);
        for (int i = 0; i < n; i++) {
            row.setField(i, envelope.getField(i));
        }
        return row;
    }
}
