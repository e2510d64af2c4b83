package dev.veloflink.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Completion candidates for the word at the cursor: Velo SQL keywords and the session's stream, table and column
 * names. Shared by the shell (tab) and the gateway (the client's completion request).
 */
public final class Completions {
    public static final List<String> KEYWORDS = List.of("CREATE", "STREAM", "TABLE", "AS", "SELECT", "FROM", "WHERE",
            "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "EMIT", "CHANGES", "FINAL", "WITH", "WINDOW", "TUMBLING",
            "SLIDING", "SESSION", "JOIN", "LEFT", "INNER", "ON", "WITHIN", "UNION", "ALL", "DISTINCT", "CASE", "WHEN",
            "THEN", "ELSE", "END", "AND", "OR", "NOT", "NULL", "IS", "IN", "BETWEEN", "LIKE", "CAST", "INTERVAL",
            "SHOW", "STREAMS", "TABLES", "JOBS", "FUNCTIONS", "DESCRIBE", "STOP", "JOB", "DRAIN", "SET", "RESET",
            "EXPLAIN");

    private Completions() {
    }

    /** The candidates for the word that ends at {@code position} in {@code text}. */
    public static List<String> candidates(String text, int position, List<String> names) {
        int end = Math.max(0, Math.min(position, text.length()));
        int start = end;
        while (start > 0 && (Character.isLetterOrDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '_')) {
            start--;
        }
        String prefix = text.substring(start, end);
        String lower = prefix.toLowerCase(Locale.ROOT);
        TreeSet<String> out = new TreeSet<>();
        for (String keyword : KEYWORDS) {
            if (keyword.toLowerCase(Locale.ROOT).startsWith(lower)) {
                // Keep the user's case: typing "sel" completes to "select".
                out.add(!prefix.isEmpty() && Character.isLowerCase(prefix.charAt(0))
                        ? keyword.toLowerCase(Locale.ROOT) : keyword);
            }
        }
        for (String name : names) {
            if (name.toLowerCase(Locale.ROOT).startsWith(lower)) {
                out.add(name);
            }
        }
        return new ArrayList<>(out);
    }
}
