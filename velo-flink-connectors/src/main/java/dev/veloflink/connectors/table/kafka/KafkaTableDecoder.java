package dev.veloflink.connectors.table.kafka;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.RecordDecoder;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * The json or csv {@link RecordDecoder} of a Kafka table, which also fills the {@code key.field} column with the
 * message key (SPEC §5.5), as the Kafka stream's decoder does.
 */
final class KafkaTableDecoder extends RecordDecoder {
    private static final long serialVersionUID = 1L;

    private final int keyColumn;
    private transient KeyCopy keyCopy;

    /** @param keyColumn the {@code key.field} column, or -1 */
    KafkaTableDecoder(DecoderSpec spec, int keyColumn) {
        super(spec);
        this.keyColumn = keyColumn;
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<Row> out) {
        if (keyColumn < 0) {
            super.processElement(record, ctx, out);
            return;
        }
        if (keyCopy == null) {
            keyCopy = new KeyCopy(keyColumn, spec().schema().size() + SystemColumns.KEY_OFFSET);
        }
        keyCopy.out = out;
        super.processElement(record, ctx, keyCopy);
    }

    private static final class KeyCopy implements Collector<Row> {
        private final int keyColumn;
        private final int keyIndex;
        Collector<Row> out;

        KeyCopy(int keyColumn, int keyIndex) {
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
