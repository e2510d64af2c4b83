package dev.veloflink.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the check reads Flink SQL's formats against velo's: what counts as one value, and what still differs. */
class NormalisedOutputTest {
    @TempDir
    Path dir;

    private Path velo(String text) throws IOException {
        Path file = dir.resolve("velo" + System.nanoTime());
        Files.writeString(file, text);
        return file;
    }

    private Path flinkSql(String... parts) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("sql" + System.nanoTime()));
        for (int i = 0; i < parts.length; i++) {
            Files.writeString(folder.resolve("part-" + i), parts[i]);
        }
        // What the sink leaves besides its finished parts is not output.
        Files.writeString(folder.resolve(".part-9.inprogress"), "garbage\n");
        return folder;
    }

    @Test
    void csvComparesNumbersAndTimestampsByValueAndUnquotes() throws Exception {
        OutputDigest velo = NormalisedOutput.ofVelo(velo(
                "t,station,x,n\n2024-05-01T00:01:00,St. John's,20.0,7\n2024-05-01T00:02:00.500,Oslo,-0.50,0\n"), true);
        OutputDigest sql = NormalisedOutput.ofFlinkSql(flinkSql(
                "\"2024-05-01 00:02:00.5\",Oslo,-0.5,0.0\n", "2024-05-01 00:01:00.000,\"St. John's\",2E+1,7\n"),
                FlinkSql.OutputForm.CSV, List.of("t", "station", "x", "n"));
        assertThat(sql).isEqualTo(velo);
        assertThat(sql.rows()).isEqualTo(2);
        // A different value, a different column name, a lost row: all differ.
        assertThat(NormalisedOutput.ofFlinkSql(flinkSql("2024-05-01 00:01:00,St. John's,2E+1,8\n",
                "2024-05-01 00:02:00.5,Oslo,-0.5,0\n"), FlinkSql.OutputForm.CSV, List.of("t", "station", "x", "n")))
                .isNotEqualTo(velo);
        assertThat(NormalisedOutput.ofFlinkSql(flinkSql("2024-05-01 00:01:00,St. John's,2E+1,7\n",
                "2024-05-01 00:02:00.5,Oslo,-0.5,0\n"), FlinkSql.OutputForm.CSV, List.of("t", "station", "y", "n")))
                .isNotEqualTo(velo);
        assertThat(NormalisedOutput.ofFlinkSql(flinkSql("2024-05-01 00:01:00,St. John's,2E+1,7\n"),
                FlinkSql.OutputForm.CSV, List.of("t", "station", "x", "n"))).isNotEqualTo(velo);
    }

    @Test
    void jsonLinesCompareByValueAndCsvNullIsJsonNull() throws Exception {
        OutputDigest velo = NormalisedOutput.ofVelo(velo("{\"id\":1,\"temp\":20.0,\"s\":\"a\",\"p\":null}\n"), false);
        assertThat(NormalisedOutput.ofFlinkSql(flinkSql("{\"id\":1,\"temp\":2E+1,\"s\":\"a\",\"p\":null}\n"),
                FlinkSql.OutputForm.JSON_LINES, List.of())).isEqualTo(velo);
        assertThat(NormalisedOutput.ofFlinkSql(flinkSql("1,20,a,\n"), FlinkSql.OutputForm.CSV,
                List.of("id", "temp", "s", "p"))).isEqualTo(velo);
        assertThat(NormalisedOutput.ofFlinkSql(flinkSql("{\"id\":1,\"temp\":20.1,\"s\":\"a\",\"p\":null}\n"),
                FlinkSql.OutputForm.JSON_LINES, List.of())).isNotEqualTo(velo);
    }

    /** An updating query's changelog: every row after a change (EMIT CHANGES), or what remains (EMIT FINAL). */
    @Test
    void changelogsReadAsChangesOrAsFinalState() throws Exception {
        String changelog = """
                {"before":null,"after":{"k":"a","n":1},"op":"c"}
                {"before":{"k":"a","n":1},"after":null,"op":"d"}
                {"before":null,"after":{"k":"a","n":2},"op":"c"}
                {"before":null,"after":{"k":"b","n":1},"op":"c"}
                """;
        List<String> names = List.of("k", "n");
        assertThat(NormalisedOutput.ofFlinkSql(flinkSql(changelog), FlinkSql.OutputForm.CHANGELOG_CHANGES, names))
                .isEqualTo(NormalisedOutput.ofVelo(velo("k,n\na,1\na,2\nb,1\n"), true));
        assertThat(NormalisedOutput.ofFlinkSql(flinkSql(changelog), FlinkSql.OutputForm.CHANGELOG_FINAL, names))
                .isEqualTo(NormalisedOutput.ofVelo(velo("k,n\nb,1\na,2.0\n"), true))
                .isNotEqualTo(NormalisedOutput.ofVelo(velo("k,n\nb,1\na,1\n"), true));
        assertThatThrownBy(() -> NormalisedOutput.ofFlinkSql(flinkSql(
                "{\"before\":{\"k\":\"z\",\"n\":1},\"after\":null,\"op\":\"d\"}\n"), FlinkSql.OutputForm.CHANGELOG_FINAL,
                names)).hasMessageContaining("retracts a row it never wrote");
    }

    @Test
    void valuesOtherThanNumbersAndTimestampsStayAsWritten() {
        assertThat(NormalisedOutput.value("d007")).isEqualTo("d007");
        assertThat(NormalisedOutput.value("hot ")).isEqualTo("hot ");
        assertThat(NormalisedOutput.value("1.50")).isEqualTo(NormalisedOutput.value("15E-1")).isEqualTo("1.5");
        assertThat(NormalisedOutput.value("2024-05-01T00:01")).isEqualTo("2024-05-01T00:01:00");
        assertThat(NormalisedOutput.csvFields("a,\"b,\"\"c\"\"\",")).containsExactly("a", "b,\"c\"", "");
    }

    @Test
    void columnListsSplitOutsideParentheses() {
        assertThat(FlinkSql.columns("id BIGINT, amount DECIMAL(8,2), t TIMESTAMP(3)")).containsExactly(
                new FlinkSql.Column("id", "BIGINT"), new FlinkSql.Column("amount", "DECIMAL(8,2)"),
                new FlinkSql.Column("t", "TIMESTAMP(3)"));
    }
}
