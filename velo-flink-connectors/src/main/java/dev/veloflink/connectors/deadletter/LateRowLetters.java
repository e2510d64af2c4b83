package dev.veloflink.connectors.deadletter;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.stream.IntStream;

/**
 * Turns the late rows of a windowed aggregation into dead letters (SPEC §10.4): {@code reason} {@code late};
 * {@code source} and {@code position} from the row's system columns (the topic and {@code <topic>/<partition>@<offset>}
 * for Kafka, the offset alone otherwise, null when the row has none); {@code record} the JSON text of the row's own
 * columns (system columns left out), with exact values as §7.5 writes them.
 */
public final class LateRowLetters extends ProcessFunction<Row, String> {
    private static final long serialVersionUID = 1L;

    private final String statement;
    /** The positions and names of the row's own columns, in order. */
    private final int[] userColumns;
    private final String[] names;
    private final VeloType[] types;
    private final int offsetIndex;
    private final int partitionIndex;
    private final int topicIndex;

    /** @param schema the layout of the late rows (the aggregation's input) */
    public LateRowLetters(String statement, Schema schema) {
        this.statement = statement;
        this.userColumns = IntStream.range(0, schema.size())
                .filter(i -> !SystemColumns.isSystemColumn(schema.column(i).name())).toArray();
        this.names = new String[userColumns.length];
        this.types = new VeloType[userColumns.length];
        for (int n = 0; n < userColumns.length; n++) {
            names[n] = schema.column(userColumns[n]).name();
            types[n] = schema.column(userColumns[n]).type();
        }
        this.offsetIndex = schema.indexOf(SystemColumns.OFFSET);
        this.partitionIndex = schema.indexOf(SystemColumns.PARTITION);
        this.topicIndex = schema.indexOf(SystemColumns.TOPIC);
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<String> out) {
        Object topic = topicIndex >= 0 ? row.getField(topicIndex) : null;
        Object offset = offsetIndex >= 0 ? row.getField(offsetIndex) : null;
        Object partition = partitionIndex >= 0 ? row.getField(partitionIndex) : null;
        String position = offset == null ? null
                : topic != null && partition != null ? topic + "/" + partition + "@" + offset : offset.toString();
        StringBuilder record = new StringBuilder(128);
        record.append('{');
        for (int n = 0; n < userColumns.length; n++) {
            if (n > 0) {
                record.append(',');
            }
            TextForms.appendJsonString(record, names[n]);
            record.append(':');
            TextForms.appendJsonValue(record, row.getField(userColumns[n]), types[n]);
        }
        record.append('}');
        Long time = ctx.timestamp();
        String message = "the row is late: its event time " + (time == null ? "is unknown"
                : Instant.ofEpochMilli(time) + " is behind the window's firing");
        out.collect(DeadLetters.json(statement, topic == null ? null : topic.toString(), position, "late", message,
                record.toString()));
    }
}
