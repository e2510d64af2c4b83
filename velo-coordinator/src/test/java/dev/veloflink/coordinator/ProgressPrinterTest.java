package dev.veloflink.coordinator;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13, item 15: no "0 rows, 0 rows/s" progress line before a table's first rows, on a terminal or not. */
class ProgressPrinterTest {
    private static final TableProgress.Bulk NONE_YET = new TableProgress.Bulk(0, -1, "", -1);

    private static TableProgress loading(long rows) {
        return loading(rows, ProgressPrinter.QUIET_LOAD_MILLIS + 500);
    }

    private static TableProgress loading(long rows, long elapsedMillis) {
        return new TableProgress("tiny", TableProgress.Phase.LOADING, rows, rows, elapsedMillis, -1, NONE_YET);
    }

    /**
     * Not on a terminal, a table that becomes ready within two seconds prints its ready line only: whether a loading
     * line came before it depended on where a refresh fell (it made a one-line failure four lines once).
     */
    @Test
    void aQuickLoadPrintsOnlyItsReadyLineWhenNotOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        printer.show(List.of(loading(1, 600)));
        printer.show(List.of(new TableProgress("tiny", TableProgress.Phase.READY, 1, 0, 700, -1, NONE_YET)));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("velo: table 'tiny' ready: 1 rows in 0.7s\n");
    }

    @Test
    void aTableWithoutRowsYetPrintsNoLoadingLine() {
        for (boolean terminal : new boolean[] {false, true}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                    terminal);
            printer.show(List.of(loading(0)));
            assertThat(bytes.toString(StandardCharsets.UTF_8)).as("terminal " + terminal).isEmpty();
            printer.show(List.of(loading(3)));
            assertThat(bytes.toString(StandardCharsets.UTF_8)).as("terminal " + terminal)
                    .contains("velo: table 'tiny' loading (bulk phase): 3 rows");
        }
    }
}
