package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Node;
import dev.veloflink.planner.bind.BindContext;

import java.util.Locale;
import java.util.Map;

/**
 * The statement's {@code table.ready.strategy} (SPEC §13.3): {@code wait} (the default) holds stream rows back until
 * the tables they read are ready; {@code no_wait} starts at once, and rows that find nothing miss as §12.2 says.
 */
final class TableReadyStrategy {
    static final String KEY = "table.ready.strategy";

    private TableReadyStrategy() {
    }

    /** Whether the statement's joins and subqueries wait for their tables; E401 for a value other than the two. */
    static boolean waitsForTables(BindContext context, Node at, Map<String, String> statementKeys) {
        String text = statementKeys.get(KEY);
        if (text == null) {
            return true;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "wait" -> true;
            case "no_wait" -> false;
            default -> throw context.error("E401", at, "invalid " + KEY + " '" + text + "'", "one of: wait, no_wait",
                    null);
        };
    }
}
