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
        return new TableProgress("tiny", TableProgress.Phase.LOADING, rows, rows, 300, -1, NONE_YET);
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
