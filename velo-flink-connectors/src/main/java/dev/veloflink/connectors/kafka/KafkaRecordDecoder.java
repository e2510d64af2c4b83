package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import org.apache.flink.util.Collector;

/**
 * The {@link RecordDecoder} of a json or csv Kafka source, read as a stream or as a table, which also fills the
 * {@code key.field} column with the message key (SPEC §5.5), never from the value: a csv value holds the other
 * columns only. Bad records, counters and dead letters stay the decoder's.
 */
public final class KafkaRecordDecoder extends RecordDecoder {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordDecoder.class);

    private final int keyColumn;
    /** A table's key columns: a tombstone becomes a deletion of its key; null for a stream (tombstones never come). */
    private final int[] tableKey;
    private transient KeyCopyingCollector keyCopier;

    /** @param keyColumn the {@code key.field} column, or -1 */
    public KafkaRecordDecoder(DecoderSpec spec, int keyColumn) {
        this(spec, keyColumn, null);
    }

    /**
     * @param tableKey the key columns of a Kafka table, in key order: a record without a value (a tombstone) becomes a
     *                 DELETE row holding the message key's parts in those columns (SPEC §5.2, §13.1)
     */
    public KafkaRecordDecoder(DecoderSpec spec, int keyColumn, int[] tableKey) {
        super(spec);
        this.keyColumn = keyColumn;
        this.tableKey = tableKey == null || tableKey.length == 0 ? null : tableKey.clone();
    }

    /** CSV: the value's fields fill every column but the key's, in schema order. */
    @Override
    protected int[] csvValueFieldColumns() {
        if (keyColumn < 0 || spec().format() != RecordFormat.CSV_NO_HEADER) {
            return null;
        }
        int columns = spec().schema().size();
        int[] fields = new int[columns - 1];
        for (int column = 0, f = 0; column < columns; column++) {
            if (column != keyColumn) {
                fields[f++] = column;
            }
        }
        return fields;
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<Row> out) {
        if (record.text == null && tableKey != null) {
            deletion(record, out);
            return;
        }
        if (keyColumn < 0) {
            super.processElement(record, ctx, out);
            return;
        }
        if (keyCopier == null) {
            keyCopier = new KeyCopyingCollector(keyColumn, spec().schema().size() + SystemColumns.KEY_OFFSET);
        }
        keyCopier.out = out;
        super.processElement(record, ctx, keyCopier);
    }

    /**
     * A tombstone of a table: the DELETE of the row under its message key. The key's parts (as the kafka_sink writes
     * them, {@link MessageKeys}) fill the table key's columns; a tombstone without a key, or whose key does not read
     * as the key columns' types, deletes nothing (logged, as it matches no row).
     */
    private void deletion(RawRecord record, Collector<Row> out) {
        if (record.key == null) {
            LOG.warn("{}: a tombstone without a key at {}/{}@{} deletes nothing", spec().source(), record.origin,
                    record.partition, record.position);
            return;
        }
        int columns = spec().schema().size();
        Row row = new Row(RowKind.DELETE, columns + SystemColumns.COUNT);
        List<String> parts = MessageKeys.split(record.key, tableKey.length);
        if (parts.size() != tableKey.length) {
            LOG.warn("{}: the tombstone key '{}' at {}/{}@{} has {} parts, the table key {} columns; it deletes nothing",
                    spec().source(), record.key, record.origin, record.partition, record.position, parts.size(),
                    tableKey.length);
            return;
        }
        for (int i = 0; i < tableKey.length; i++) {
            try {
                row.setField(tableKey[i], parts.get(i) == null ? null
                        : TextForms.parse(parts.get(i), spec().schema().column(tableKey[i]).type()));
            } catch (IllegalArgumentException | ArithmeticException e) {
                LOG.warn("{}: the tombstone key '{}' at {}/{}@{} does not read as the table key: {}; it deletes "
                        + "nothing", spec().source(), record.key, record.origin, record.partition, record.position,
                        e.getMessage());
                return;
            }
        }
        if (keyColumn >= 0) {
            row.setField(keyColumn, record.key);
        }
        row.setField(columns + SystemColumns.TIMESTAMP_OFFSET, record.timestamp);
        row.setField(columns + SystemColumns.OFFSET_OFFSET, record.position);
        row.setField(columns + SystemColumns.PARTITION_OFFSET, record.partition);
        row.setField(columns + SystemColumns.TOPIC_OFFSET, record.origin);
        row.setField(columns + SystemColumns.KEY_OFFSET, record.key);
        out.collect(row);
    }

    /** Copies the key into its column of each decoded row, which no one else holds yet. */
    private static final class KeyCopyingCollector implements Collector<Row> {
        private final int keyColumn;
        private final int keyIndex;
        Collector<Row> out;

        KeyCopyingCollector(int keyColumn, int keyIndex) {
            this.keyColumn = keyColumn;
            this.keyIndex = keyIndex;
        }

        @Override
        public void collect(Row row) {
            row.setField(keyColumn, row.getField(keyIndex));
            out.collect(row);
        }

        @Override
        public void close() {
            out.close();
        }
    }
}
