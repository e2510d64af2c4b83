package dev.veloflink.connectors.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.deadletter.DeadLetters;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.functions.text.TextForms;
import dev.veloflink.functions.types.FlinkTypes;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes raw records into rows of the source's schema followed by the system columns (SPEC §6, §8), applying the
 * statement's error strategy to bad records (§6.3): each is counted in
 * {@code velo_records_skipped_total{statement,source,reason}} and logged with its position; under {@code fail} the
 * job fails with E503; under {@code dead_letter} a JSON description goes to {@link #DEAD_LETTERS}. Good records are
 * counted in {@code velo_records_in_total{statement,source}}.
 */
public class RecordDecoder extends ProcessFunction<RawRecord, Row> implements ResultTypeQueryable<Row> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RecordDecoder.class);

    /** Dead letters: one JSON object per bad record, {@code {"statement","source","position","reason","message","record"}}. */
    public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("velo-dead-letters") {
    };

    public static final String RECORDS_IN = "velo_records_in_total";
    public static final String RECORDS_SKIPPED = "velo_records_skipped_total";

    /** Field-name spellings remembered for JSON input; beyond this, names are looked up without caching. */
    private static final int MAX_CACHED_NAMES = 4096;

    private final DecoderSpec spec;
    /** Whether plain JSON records skip Jackson ({@link FlatJsonScanner}); off only to compare the two in tests. */
    private boolean flatJson = true;

    private transient VeloType[] types;
    private transient boolean[] notNull;
    /** Per column: 1 BIGINT, 2 INTEGER (read from CSV text without a string when plain), else 0. */
    private transient byte[] integral;
    /** The last record timestamp and its box: a file source stamps a whole batch alike, so one box serves many rows. */
    private transient long lastTimestamp;
    private transient Long lastTimestampBox;
    private transient int columnCount;
    private transient CsvFieldParser csv;
    /** {@link #csvValueFieldColumns()}, or null. */
    private transient int[] valueFieldColumns;
    private transient Map<String, int[]> headerMappings;
    private transient String lastHeader;
    private transient int[] lastMapping;
    private transient Map<String, Integer> jsonNames;
    /** {@link TextForms#EXACT_JSON}'s reading rules on a factory of this decoder's own, with its own buffer pool. */
    private transient ObjectMapper json;
    private transient FlatJsonScanner flat;
    private transient Counter recordsIn;
    private transient Map<BadRecordReason, Counter> skipped;
    private transient BadRecordLog badRecordLog;

    public RecordDecoder(DecoderSpec spec) {
        this.spec = spec;
    }

    /** This decoder reading every JSON record with Jackson, for tests that compare it with the plain-record path. */
    RecordDecoder withoutFlatJson() {
        flatJson = false;
        return this;
    }

    public DecoderSpec spec() {
        return spec;
    }

    /** The schema of the rows this decoder emits: the source's columns, then the system columns. */
    public Schema outputSchema() {
        return SystemColumns.withSystemColumns(spec.schema());
    }

    /**
     * For a CSV record without a header: the column each field goes to, in order, or null when field i is column i.
     * A Kafka source whose {@code key.field} is a column reads that column from the message key, never from the
     * value, so its value fields skip it.
     */
    protected int[] csvValueFieldColumns() {
        return null;
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        RowTypeInfo type = FlinkTypes.rowType(outputSchema());
        return type;
    }

    @Override
    public void open(OpenContext openContext) {
        Schema schema = spec.schema();
        columnCount = schema.size();
        types = new VeloType[columnCount];
        notNull = new boolean[columnCount];
        integral = new byte[columnCount];
        for (int i = 0; i < columnCount; i++) {
            Column column = schema.column(i);
            types[i] = column.type();
            notNull[i] = !column.nullable();
            integral[i] = (byte) (types[i] instanceof VeloType.BigintType ? 1
                    : types[i] instanceof VeloType.IntegerType ? 2 : 0);
        }
        csv = new CsvFieldParser(spec.delimiter(), spec.quote());
        valueFieldColumns = csvValueFieldColumns();
        headerMappings = new HashMap<>();
        jsonNames = new HashMap<>();
        if (spec.format() == RecordFormat.JSON) {
            json = exactJsonWithOwnBuffers();
            flat = new FlatJsonScanner(schema, this::jsonColumn);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("statement", spec.statement());
        labels.put("source", spec.source());
        recordsIn = VeloCounters.counter(getRuntimeContext(), RECORDS_IN, labels);
        skipped = new EnumMap<>(BadRecordReason.class);
        for (BadRecordReason reason : BadRecordReason.values()) {
            Map<String, String> reasonLabels = new LinkedHashMap<>(labels);
            reasonLabels.put("reason", reason.label());
            skipped.put(reason, VeloCounters.counter(getRuntimeContext(), RECORDS_SKIPPED, reasonLabels));
        }
        badRecordLog = new BadRecordLog(LOG, spec.statement(), spec.source(), true);
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<Row> out) {
        Row row = new Row(columnCount + SystemColumns.COUNT);
        try {
            if (record.malformed != null) {
                throw new BadRecordException(BadRecordReason.DECODE_ERROR, record.malformed);
            }
            switch (spec.format()) {
                case CSV -> decodeCsv(record, row, record.header == null ? null : mappingFor(record.header));
                case CSV_NO_HEADER -> decodeCsv(record, row, valueFieldColumns);
                case JSON -> {
                    if (!flatJson || record.text == null || !flat.scan(record.text, row)) {
                        decodeJson(record.text, row);
                    }
                }
            }
            for (int i = 0; i < columnCount; i++) {
                if (notNull[i] && row.getField(i) == null) {
                    throw new BadRecordException(BadRecordReason.NULL_VIOLATION,
                            "column '" + spec.schema().column(i).name() + "' is NOT NULL but the value is NULL");
                }
            }
        } catch (BadRecordException e) {
            badRecord(record, e, ctx);
            return;
        }
        boolean fromFile = record.isFromFile();
        row.setField(columnCount + SystemColumns.TIMESTAMP_OFFSET, timestampBox(record.timestamp));
        row.setField(columnCount + SystemColumns.OFFSET_OFFSET, record.position);
        row.setField(columnCount + SystemColumns.PARTITION_OFFSET, fromFile ? null : record.partition);
        row.setField(columnCount + SystemColumns.TOPIC_OFFSET, fromFile ? null : record.origin);
        row.setField(columnCount + SystemColumns.KEY_OFFSET, record.key);
        row.setField(columnCount + SystemColumns.HEADERS_OFFSET, record.headers);
        recordsIn.inc();
        out.collect(row);
    }

    private Long timestampBox(long timestamp) {
        if (lastTimestampBox == null || timestamp != lastTimestamp) {
            lastTimestamp = timestamp;
            lastTimestampBox = timestamp;
        }
        return lastTimestampBox;
    }

    // ------------------------------------------------------------------ CSV

    /**
     * Decodes a CSV record; {@code mapping} maps each header field to a column (or -1), or is null to match fields
     * to columns by position.
     */
    private void decodeCsv(RawRecord record, Row row, int[] mapping) throws BadRecordException {
        int count;
        try {
            count = csv.parse(record.text);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(BadRecordReason.DECODE_ERROR, e.getMessage());
        }
        int expected = mapping == null ? columnCount : mapping.length;
        if (count != expected) {
            throw new BadRecordException(BadRecordReason.DECODE_ERROR, "the record has " + count
                    + (count == 1 ? " field" : " fields") + ", "
                    + (mapping == null ? "the schema " + expected + " columns"
                    : mapping == valueFieldColumns ? "the schema " + expected + " value columns"
                    : "the header " + expected));
        }
        for (int f = 0; f < count; f++) {
            int column = mapping == null ? f : mapping[f];
            if (column >= 0 && !csv.isNull(f)) {
                row.setField(column, convertField(f, column));
            }
        }
    }

    /** CSV field {@code f} as a value of {@code column}: a plain integer straight from the text, else parsed. */
    private Object convertField(int f, int column) throws BadRecordException {
        if (integral[column] != 0) {
            long v = csv.plainLong(f);
            if (v != CsvFieldParser.NOT_PLAIN) {
                if (integral[column] == 1) {
                    return v;
                }
                if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    return (int) v;
                }
            }
        }
        // Everything else, and out-of-range integers, take the full rules, with their exact messages.
        return convert(csv.field(f), column);
    }

    private Object convert(String text, int column) throws BadRecordException {
        try {
            return TextForms.parse(text, types[column]);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new BadRecordException(BadRecordReason.TYPE_ERROR, e.getMessage());
        }
    }

    /** The header's field-to-column mapping, computed once per distinct header text. */
    private int[] mappingFor(String header) throws BadRecordException {
        if (header.equals(lastHeader)) {
            return lastMapping;
        }
        int[] mapping = headerMappings.get(header);
        if (mapping == null) {
            int count;
            try {
                count = csv.parse(header);
            } catch (IllegalArgumentException e) {
                throw new BadRecordException(BadRecordReason.DECODE_ERROR, "bad header line: " + e.getMessage());
            }
            mapping = new int[count];
            boolean[] taken = new boolean[columnCount];
            for (int f = 0; f < count; f++) {
                String name = csv.fields()[f];
                int column = name == null ? -1 : spec.schema().indexOf(name.strip());
                // The first header field of a name wins; a repeated one is not read.
                if (column >= 0 && taken[column]) {
                    column = -1;
                }
                if (column >= 0) {
                    taken[column] = true;
                }
                mapping[f] = column;
            }
            headerMappings.put(header, mapping);
        }
        lastHeader = header;
        lastMapping = mapping;
        return mapping;
    }

    // ------------------------------------------------------------------ JSON

    /**
     * A mapper that reads exactly as {@link TextForms#EXACT_JSON} (its configuration, shared as is: it is immutable)
     * over a factory of this decoder's own, whose buffers no other thread touches ({@link OwnBufferRecyclerPool}).
     */
    static ObjectMapper exactJsonWithOwnBuffers() {
        JsonMapper mapper = new JsonMapper(JsonFactory.builder().recyclerPool(new OwnBufferRecyclerPool()).build());
        mapper.setConfig(TextForms.EXACT_JSON.getDeserializationConfig());
        mapper.setConfig(TextForms.EXACT_JSON.getSerializationConfig());
        return mapper;
    }

    private void decodeJson(String text, Row row) throws BadRecordException {
        try (JsonParser parser = json.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRecordException(BadRecordReason.DECODE_ERROR, "the record is not a JSON object");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                int column = jsonColumn(parser.currentName());
                JsonToken value = parser.nextToken();
                if (column < 0) {
                    parser.skipChildren();
                    continue;
                }
                try {
                    row.setField(column, jsonValue(parser, value, types[column]));
                } catch (IllegalArgumentException | ArithmeticException e) {
                    throw new BadRecordException(BadRecordReason.TYPE_ERROR, e.getMessage());
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new BadRecordException(BadRecordReason.DECODE_ERROR, "malformed JSON: text after the object");
            }
        } catch (JsonProcessingException e) {
            throw new BadRecordException(BadRecordReason.DECODE_ERROR, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRecordException(BadRecordReason.DECODE_ERROR, "malformed JSON: " + e.getMessage());
        }
    }

    /**
     * The value at the parser as a value of {@code type}, exactly as {@link TextForms#fromJson} reads its tree: the
     * common scalars (a string, null, an integer into BIGINT or INTEGER) are read from the token without building a
     * tree node, everything else through the tree.
     */
    private static Object jsonValue(JsonParser parser, JsonToken token, VeloType type) throws IOException {
        switch (token) {
            case VALUE_STRING -> {
                return TextForms.parse(parser.getText(), type);
            }
            case VALUE_NULL -> {
                return null;
            }
            case VALUE_NUMBER_INT -> {
                // Jackson says INT only for values that fit an int and LONG only for those that fit a long, as the
                // tree's IntNode and LongNode; a BIG_INTEGER goes through the tree for its range error.
                JsonParser.NumberType number = parser.getNumberType();
                if (type instanceof VeloType.BigintType
                        && (number == JsonParser.NumberType.INT || number == JsonParser.NumberType.LONG)) {
                    return parser.getLongValue();
                }
                if (type instanceof VeloType.IntegerType && number == JsonParser.NumberType.INT) {
                    return parser.getIntValue();
                }
                return TextForms.fromJson(parser.readValueAsTree(), type);
            }
            default -> {
                return TextForms.fromJson(parser.readValueAsTree(), type);
            }
        }
    }

    private int jsonColumn(String name) {
        Integer cached = jsonNames.get(name);
        if (cached != null) {
            return cached;
        }
        int column = spec.schema().indexOf(name);
        if (jsonNames.size() < MAX_CACHED_NAMES) {
            jsonNames.put(name, column);
        }
        return column;
    }

    // ------------------------------------------------------------------ bad records

    private void badRecord(RawRecord record, BadRecordException e, Context ctx) {
        String position = record.positionText();
        String reason = e.reason().label();
        String message = oneLine(e.getMessage());
        if (spec.errorStrategy() == ErrorStrategy.FAIL) {
            throw BadRecordFailure.withoutRestart(spec.statement(), spec.source(), position, reason, message);
        }
        skipped.get(e.reason()).inc();
        badRecordLog.warn(position, reason, message);
        if (spec.errorStrategy() == ErrorStrategy.DEAD_LETTER) {
            ctx.output(DEAD_LETTERS, DeadLetters.json(spec.statement(), spec.source(), position, reason, message,
                    record.text));
        }
    }

    private static String oneLine(String message) {
        String m = message == null ? "bad value" : message;
        return m.indexOf('\n') < 0 && m.indexOf('\r') < 0 ? m : m.replace("\r\n", " ").replace('\n', ' ')
                .replace('\r', ' ');
    }
}
