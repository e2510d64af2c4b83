package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SystemColumns;
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

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes a {@code raw} Kafka source (SPEC §5.5): the whole value is the STRING column {@code value}, followed by the
 * optional {@code key.field} column and the system columns. Every message decodes, so there are no bad records; good
 * ones are counted in {@code velo_records_in_total} as the {@link RecordDecoder} counts them.
 */
final class RawValueDecoder extends ProcessFunction<RawRecord, Row> implements ResultTypeQueryable<Row> {
    private static final long serialVersionUID = 1L;

    private final String statement;
    private final String source;
    private final Schema schema;
    private final int keyColumn;
    private transient Counter recordsIn;

    /** @param schema {@code value STRING}, and the key column when {@code keyColumn} is not -1 */
    RawValueDecoder(String statement, String source, Schema schema, int keyColumn) {
        this.statement = statement;
        this.source = source;
        this.schema = schema;
        this.keyColumn = keyColumn;
    }

    @Override
    public void open(OpenContext openContext) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("statement", statement);
        labels.put("source", source);
        recordsIn = VeloCounters.counter(getRuntimeContext(), RecordDecoder.RECORDS_IN, labels);
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<Row> out) {
        int n = schema.size();
        Row row = new Row(n + SystemColumns.COUNT);
        row.setField(0, record.text);
        if (keyColumn >= 0) {
            row.setField(keyColumn, record.key);
        }
        row.setField(n + SystemColumns.TIMESTAMP_OFFSET, record.timestamp);
        row.setField(n + SystemColumns.OFFSET_OFFSET, record.position);
        row.setField(n + SystemColumns.PARTITION_OFFSET, record.partition);
        row.setField(n + SystemColumns.TOPIC_OFFSET, record.origin);
        row.setField(n + SystemColumns.KEY_OFFSET, record.key);
        row.setField(n + SystemColumns.HEADERS_OFFSET, record.headers);
        recordsIn.inc();
        out.collect(row);
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return FlinkTypes.rowType(SystemColumns.withSystemColumns(schema));
    }
}
