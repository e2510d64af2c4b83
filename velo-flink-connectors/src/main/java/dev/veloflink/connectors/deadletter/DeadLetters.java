package dev.veloflink.connectors.deadletter;

import dev.veloflink.functions.text.TextForms;

/**
 * The dead-letter object of SPEC §6.3: {@code {"statement","source","position","reason","message","record"}}, keys
 * in that order, null values as JSON null.
 */
public final class DeadLetters {
    private DeadLetters() {
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
}
