package dev.veloflink.functions.text;

import dev.veloflink.dialect.types.VeloType;
import org.apache.flink.types.Row;

import java.io.Serializable;

/**
 * The text of a dead letter (SPEC §6.3): the object {@code {"statement","source","position","reason","message",
 * "record"}}, keys in that order, null values as JSON null; and, for letters of rows (late rows, rows whose
 * expression failed), the {@code record}: the JSON text of the row's own columns, with exact values as §7.5 writes
 * them. Shared by the decoders' letters (connectors) and the row errors of the operators (runtime).
 */
public final class DeadLetterText {
    private DeadLetterText() {
    }

    public static String json(String statement, String source, String position, String reason, String message,
                              String record) {
        StringBuilder json = new StringBuilder(128 + (record == null ? 0 : record.length()));
        field(json.append('{'), "statement", statement);
        field(json.append(','), "source", source);
        field(json.append(','), "position", position);
        field(json.append(','), "reason", reason);
        field(json.append(','), "message", message);
        field(json.append(','), "record", record);
        return json.append('}').toString();
    }

    private static void field(StringBuilder json, String key, String value) {
        TextForms.appendJsonString(json, key);
        json.append(':');
        if (value == null) {
            json.append("null");
        } else {
            TextForms.appendJsonString(json, value);
        }
    }

    /** The columns of a row a letter's {@code record} shows: their positions in the row, names and types. */
    public record RowColumns(int[] positions, String[] names, VeloType[] types) implements Serializable {

        /** The JSON object of these columns of {@code row}; a column past the row's end is left out. */
        public String json(Row row) {
            StringBuilder record = new StringBuilder(128);
            record.append('{');
            boolean first = true;
            for (int n = 0; n < positions.length; n++) {
                if (positions[n] >= row.getArity()) {
                    continue;
                }
                if (!first) {
                    record.append(',');
                }
                first = false;
                TextForms.appendJsonString(record, names[n]);
                record.append(':');
                TextForms.appendJsonValue(record, row.getField(positions[n]), types[n]);
            }
            return record.append('}').toString();
        }
    }
}
