package dev.veloflink.planner.join;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code join.missing.defaults} (SPEC §12.2): {@code col=value,col=value}, where a value may be quoted with
 * {@code '} to hold a comma ({@code name='Smith, J.',tier=none}; a doubled {@code ''} inside quotes is one quote).
 */
public final class MissingDefaults {
    private MissingDefaults() {
    }

    /** Column name (lower case) to its text, in written order. */
    public static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("expected col=value at '" + text.substring(i).strip() + "'");
            }
            String column = text.substring(i, eq).strip();
            if (column.isEmpty()) {
                throw new IllegalArgumentException("a column name is missing before '='");
            }
            i = eq + 1;
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '\'') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i);
                    if (c == '\'') {
                        if (i + 1 < n && text.charAt(i + 1) == '\'') {
                            value.append('\'');
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    value.append(c);
                    i++;
                }
                if (!closed) {
                    throw new IllegalArgumentException("unterminated quoted value for " + column);
                }
                while (i < n && text.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && text.charAt(i) != ',') {
                    throw new IllegalArgumentException("expected ',' after the quoted value of " + column);
                }
            } else {
                int comma = text.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                value.append(text, i, end);
                i = end;
                values.put(column.toLowerCase(Locale.ROOT), value.toString().strip());
                i++;
                continue;
            }
            values.put(column.toLowerCase(Locale.ROOT), value.toString());
            i++;
        }
        return values;
    }
}
