package dev.veloflink.connectors;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The system columns every input row carries after its schema columns (SPEC §8, docs/dev/runtime-values.md), in
 * this order. Offsets are relative to the number of schema columns.
 */
public final class SystemColumns {
    public static final String TIMESTAMP = "_timestamp";
    public static final String OFFSET = "_offset";
    public static final String PARTITION = "_partition";
    public static final String TOPIC = "_topic";
    public static final String KEY = "_key";
    /** The Kafka record headers (SPEC §15 Headers); NULL for other inputs. Read through HEADER(k) and friends. */
    public static final String HEADERS = "_headers";

    public static final int TIMESTAMP_OFFSET = 0;
    public static final int OFFSET_OFFSET = 1;
    public static final int PARTITION_OFFSET = 2;
    public static final int TOPIC_OFFSET = 3;
    public static final int KEY_OFFSET = 4;
    public static final int HEADERS_OFFSET = 5;
    /** How many system columns a source row carries. */
    public static final int COUNT = 6;

    public static final List<Column> COLUMNS = List.of(
            new Column(TIMESTAMP, Types.TIMESTAMP),
            new Column(OFFSET, Types.BIGINT),
            new Column(PARTITION, Types.INTEGER),
            new Column(TOPIC, Types.STRING),
            new Column(KEY, Types.STRING),
            new Column(HEADERS, new VeloType.MapType(Types.STRING, Types.STRING)));

    private SystemColumns() {
    }

    /** The schema of rows a source emits: its columns, then the system columns. */
    public static Schema withSystemColumns(Schema schema) {
        List<Column> all = new ArrayList<>(schema.size() + COUNT);
        all.addAll(schema.columns());
        all.addAll(COLUMNS);
        return new Schema(all);
    }

    /** Whether a name is one of the system columns above, compared case-insensitively. */
    public static boolean isSystemColumn(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals(TIMESTAMP) || lower.equals(OFFSET) || lower.equals(PARTITION) || lower.equals(TOPIC)
                || lower.equals(KEY) || lower.equals(HEADERS);
    }
}
