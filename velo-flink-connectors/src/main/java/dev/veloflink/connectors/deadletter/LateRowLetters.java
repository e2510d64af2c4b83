package dev.veloflink.connectors.deadletter;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.DeadLetterText;
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
    /** The row's own columns, which the letter's record shows. */
    private final DeadLetterText.RowColumns columns;
    private final int offsetIndex;
    private final int partitionIndex;
    private final int topicIndex;

    /** @param schema the layout of the late rows (the aggregation's input) */
    public LateRowLetters(String statement, Schema schema) {
        this.statement = statement;
        this.columns = ownColumns(schema);
        this.offsetIndex = schema.indexOf(SystemColumns.OFFSET);
        this.partitionIndex = schema.indexOf(SystemColumns.PARTITION);
        this.topicIndex = schema.indexOf(SystemColumns.TOPIC);
    }

    /** The columns of {@code schema} that are not system columns (SPEC §8), in order. */
    public static DeadLetterText.RowColumns ownColumns(Schema schema) {
        int[] positions = IntStream.range(0, schema.size())
                .filter(i -> !SystemColumns.isSystemColumn(schema.column(i).name())).toArray();
        String[] names = new String[positions.length];
        VeloType[] types = new VeloType[positions.length];
        for (int n = 0; n < positions.length; n++) {
            names[n] = schema.column(positions[n]).name();
            types[n] = schema.column(positions[n]).type();
        }
        return new DeadLetterText.RowColumns(positions, names, types);
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<String> out) {
        Object topic = topicIndex >= 0 ? row.getField(topicIndex) : null;
        Object offset = offsetIndex >= 0 ? row.getField(offsetIndex) : null;
        Object partition = partitionIndex >= 0 ? row.getField(partitionIndex) : null;
        String position = offset == null ? null
                : topic != null && partition != null ? topic + "/" + partition + "@" + offset : offset.toString();
        Long time = ctx.timestamp();
        String message = "the row is late: its event time " + (time == null ? "is unknown"
                : Instant.ofEpochMilli(time) + " is behind the window's firing");
        out.collect(DeadLetters.json(statement, topic == null ? null : topic.toString(), position, "late", message,
                columns.json(row)));
    }
}
