package dev.veloflink.coordinator;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints table load progress on standard error (SPEC §13): while tables load, one line per table, at most once per
 * refresh and only when its row count moved; on a terminal the loading tables share one line rewritten with
 * {@code \r}. Each table gets one final "ready" (or "failed") line.
 *
 * <p>Not on a terminal (a log, a pipe), lines stay: a table that loads within {@link #QUIET_LOAD_MILLIS} gets only its
 * ready line, so a small table's run prints no loading lines that depend on when a refresh happened to fall.
 */
final class ProgressPrinter {
    static final long QUIET_LOAD_MILLIS = 2_000;

    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, Long> printedRows = new HashMap<>();
    private final Map<String, TableProgress.Phase> printedPhase = new HashMap<>();
    private int openLineLength;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    synchronized void show(List<TableProgress> tables) {
        for (TableProgress table : tables) {
            if (table.phase() != TableProgress.Phase.LOADING
                    && printedPhase.put(table.table(), table.phase()) != table.phase()) {
                clearOpenLine();
                out.println(table.line());
            }
        }
        // Before a table's first rows there is nothing to say: no "0 rows, 0 rows/s" line for a tiny table.
        List<TableProgress> loading = tables.stream()
                .filter(t -> t.phase() == TableProgress.Phase.LOADING && t.rows() > 0).toList();
        if (terminal) {
            clearOpenLine();
            if (!loading.isEmpty()) {
                String line = loading.stream().map(TableProgress::line).collect(Collectors.joining(" | "));
                out.print(line);
                openLineLength = line.length();
            }
        } else {
            for (TableProgress table : loading) {
                if (table.elapsedMillis() < QUIET_LOAD_MILLIS) {
                    continue;
                }
                Long before = printedRows.put(table.table(), table.rows());
                if (before == null || before != table.rows()) {
                    out.println(table.line());
                }
            }
        }
        out.flush();
    }

    private void clearOpenLine() {
        if (openLineLength > 0) {
            out.print("\r" + " ".repeat(openLineLength) + "\r");
            openLineLength = 0;
        }
    }
}
