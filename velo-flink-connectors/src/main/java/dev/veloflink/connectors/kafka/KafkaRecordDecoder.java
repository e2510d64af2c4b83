package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.RecordDecoder;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * The {@link RecordDecoder} of a json or csv Kafka source, read as a stream or as a table, which also fills the
 * {@code key.field} column with the message key (SPEC §5.5). Bad records, counters and dead letters stay the decoder's.
 */
public final class KafkaRecordDecoder extends RecordDecoder {
    private static final long serialVersionUID = 1L;

    private final int keyColumn;
    private transient KeyCopyingCollector keyCopier;

    /** @param keyColumn the {@code key.field} column, or -1 */
    public KafkaRecordDecoder(DecoderSpec spec, int keyColumn) {
        super(spec);
        this.keyColumn = keyColumn;
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<Row> out) {
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
