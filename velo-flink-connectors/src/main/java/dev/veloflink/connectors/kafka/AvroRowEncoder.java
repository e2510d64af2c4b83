package dev.veloflink.connectors.kafka;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.types.Row;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Writes output rows as Avro binary values in a record schema (SPEC §5.5 {@code value.format = 'avro'}): each field
 * takes the output column of its name (case-insensitive); a field without one is NULL (or its default).
 */
final class AvroRowEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String avroSchema;
    private final Schema schema;

    private transient org.apache.avro.Schema record;
    private transient GenericDatumWriter<GenericRecord> writer;
    private transient ByteArrayOutputStream bytes;
    private transient BinaryEncoder encoder;
    /** Per Avro field: the output column, or -1. */
    private transient int[] columnOf;
    private transient org.apache.avro.Schema[] fieldTypes;
    private transient VeloType[] types;

    AvroRowEncoder(String avroSchema, Schema schema) {
        this.avroSchema = avroSchema;
        this.schema = schema;
    }

    byte[] encode(Row row) {
        if (record == null) {
            init();
        }
        GenericData.Record value = new GenericData.Record(record);
        for (int f = 0; f < columnOf.length; f++) {
            org.apache.avro.Schema.Field field = record.getFields().get(f);
            int c = columnOf[f];
            Object v = c < 0 ? null : row.getField(c);
            if (v == null) {
                value.put(f, c < 0 && field.hasDefaultValue() ? GenericData.get().getDefaultValue(field) : null);
            } else {
                value.put(f, AvroValues.toAvro(v, types[c], fieldTypes[f]));
            }
        }
        bytes.reset();
        encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
        try {
            writer.write(value, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void init() {
        record = new org.apache.avro.Schema.Parser().parse(avroSchema);
        writer = new GenericDatumWriter<>(record);
        bytes = new ByteArrayOutputStream(256);
        int n = record.getFields().size();
        columnOf = new int[n];
        fieldTypes = new org.apache.avro.Schema[n];
        types = new VeloType[schema.size()];
        for (int c = 0; c < schema.size(); c++) {
            types[c] = schema.column(c).type();
        }
        for (int f = 0; f < n; f++) {
            org.apache.avro.Schema.Field field = record.getFields().get(f);
            columnOf[f] = schema.indexOf(field.name());
            fieldTypes[f] = AvroSchemas.nonNull(field.schema());
        }
    }
}
