package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.deadletter.DeadLetters;
import dev.veloflink.connectors.decode.BadRecordFailure;
import dev.veloflink.connectors.decode.BadRecordLog;
import dev.veloflink.connectors.decode.BadRecordReason;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.functions.types.FlinkTypes;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes {@code avro} Kafka values (SPEC §5.5): Avro binary (no registry framing) in the writer schema of
 * {@code avro.schema(.file)}; columns take the record fields of their name (case-insensitive; absent: NULL), then the
 * {@code key.field} column and the system columns. Bad records follow {@code error.strategy} exactly as
 * {@link RecordDecoder} applies it, counted in the same counters and sent to {@link RecordDecoder#DEAD_LETTERS} with
 * the value in base64 (§6.3).
 */
final class AvroRecordDecoder extends ProcessFunction<RawRecord, Row> implements ResultTypeQueryable<Row> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AvroRecordDecoder.class);

    private final String statement;
    private final String source;
    private final Schema schema;
    private final String avroSchema;
    private final ErrorStrategy errorStrategy;
    private final int keyColumn;

    private transient GenericDatumReader<GenericRecord> reader;
    private transient LengthCheckedDecoder decoder;
    private transient GenericRecord reused;
    /** Per column: the Avro field position, or -1. */
    private transient int[] fieldOf;
    private transient org.apache.avro.Schema[] fieldTypes;
    private transient VeloType[] types;
    private transient Counter recordsIn;
    private transient Map<BadRecordReason, Counter> skipped;
    private transient BadRecordLog badRecordLog;

    AvroRecordDecoder(String statement, String source, Schema schema, String avroSchema, ErrorStrategy errorStrategy,
                      int keyColumn) {
        this.statement = statement;
        this.source = source;
        this.schema = schema;
        this.avroSchema = avroSchema;
        this.errorStrategy = errorStrategy;
        this.keyColumn = keyColumn;
    }

    @Override
    public void open(OpenContext openContext) {
        org.apache.avro.Schema writer = new org.apache.avro.Schema.Parser().parse(avroSchema);
        reader = new GenericDatumReader<>(writer);
        decoder = new LengthCheckedDecoder(writer);
        int n = schema.size();
        fieldOf = new int[n];
        fieldTypes = new org.apache.avro.Schema[n];
        types = new VeloType[n];
        for (int i = 0; i < n; i++) {
            types[i] = schema.column(i).type();
            fieldOf[i] = -1;
            for (org.apache.avro.Schema.Field f : writer.getFields()) {
                if (f.name().equalsIgnoreCase(schema.column(i).name()) && i != keyColumn) {
                    fieldOf[i] = f.pos();
                    fieldTypes[i] = f.schema();
                    break;
                }
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("statement", statement);
        labels.put("source", source);
        recordsIn = VeloCounters.counter(getRuntimeContext(), RecordDecoder.RECORDS_IN, labels);
        skipped = new EnumMap<>(BadRecordReason.class);
        for (BadRecordReason reason : BadRecordReason.values()) {
            Map<String, String> reasonLabels = new LinkedHashMap<>(labels);
            reasonLabels.put("reason", reason.label());
            skipped.put(reason, VeloCounters.counter(getRuntimeContext(), RecordDecoder.RECORDS_SKIPPED,
                    reasonLabels));
        }
        badRecordLog = new BadRecordLog(LOG, statement, source, false);
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<Row> out) {
        int n = schema.size();
        Row row = new Row(n + SystemColumns.COUNT);
        try {
            reused = reader.read(reused, decoder.reset(record.bytes));
            if (!decoder.isEnd()) {
                throw new Bad(BadRecordReason.DECODE_ERROR, "bytes left after the Avro record");
            }
        } catch (Bad e) {
            badRecord(record, e, ctx);
            return;
        } catch (Exception e) {
            badRecord(record, new Bad(BadRecordReason.DECODE_ERROR, "malformed Avro: " + e.getMessage()), ctx);
            return;
        }
        try {
            for (int i = 0; i < n; i++) {
                if (fieldOf[i] >= 0) {
                    org.apache.avro.Schema type = fieldTypes[i];
                    Object value = reused.get(fieldOf[i]);
                    row.setField(i, AvroValues.toVelo(value, value == null ? type : AvroSchemas.nonNull(type),
                            types[i]));
                }
                if (row.getField(i) == null && !schema.column(i).nullable() && i != keyColumn) {
                    throw new Bad(BadRecordReason.NULL_VIOLATION, "column '" + schema.column(i).name()
                            + "' is NOT NULL but the value is NULL");
                }
            }
        } catch (Bad e) {
            badRecord(record, e, ctx);
            return;
        } catch (RuntimeException e) {
            badRecord(record, new Bad(BadRecordReason.TYPE_ERROR, String.valueOf(e.getMessage())), ctx);
            return;
        }
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

    private void badRecord(RawRecord record, Bad e, Context ctx) {
        String position = record.positionText();
        String reason = e.reason.label();
        String message = e.getMessage().replace('\n', ' ').replace('\r', ' ');
        if (errorStrategy == ErrorStrategy.FAIL) {
            throw BadRecordFailure.withoutRestart(statement, source, position, reason, message);
        }
        skipped.get(e.reason).inc();
        badRecordLog.warn(position, reason, message);
        if (errorStrategy == ErrorStrategy.DEAD_LETTER) {
            ctx.output(RecordDecoder.DEAD_LETTERS, DeadLetters.json(statement, source, position, reason, message,
                    Base64.getEncoder().encodeToString(record.bytes)));
        }
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return FlinkTypes.rowType(SystemColumns.withSystemColumns(schema));
    }

    /** A bad record found while decoding, with its reason. */
    private static final class Bad extends Exception {
        final BadRecordReason reason;

        Bad(BadRecordReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
