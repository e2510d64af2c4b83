package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 13 and issue 19 item 10: {@code velo validate} reports every error of a file in one pass, in position
 * order (SPEC §16.1), one code per message, with the caret on what is wrong: a select item, WHERE, the value of the
 * WITH entry that set an invalid key.
 */
class ValidateEveryErrorITCase {
    private static final Pattern HEADER = Pattern.compile("(?m)^error\\[(E\\d{3})]: (.*)\\n --> (\\S+)$");

    @TempDir
    Path dir;

    private record Error(String code, String message, String position) {
    }

    private static List<Error> errors(String err) {
        Matcher m = HEADER.matcher(err);
        List<Error> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(new Error(m.group(1), m.group(2), m.group(3)));
        }
        return found;
    }

    /** One code per message: none of the messages starts with, or contains, a second code. */
    private static void assertOneCodeEach(List<Error> errors) {
        assertThat(errors).allSatisfy(e -> assertThat(e.message()).doesNotContainPattern("\\bE\\d{3}\\b"));
    }

    /** An aggregation: the errors of its select list and of HAVING together; of every aggregate's arguments. */
    @Test
    void anAggregationReportsItsSelectListHavingAndAggregateErrorsTogether() throws Exception {
        Files.writeString(dir.resolve("s.csv"), "id,name,amount\n1,a,2.5\n");
        Path file = dir.resolve("grouped.sql");
        Files.writeString(file, """
                CREATE STREAM o AS
                SELECT name, COUNT(*) + 'a' AS n
                FROM s
                GROUP BY name
                HAVING name * 2 > 1
                WITH ('s.type' = 'file_source', 's.path' = './s.csv', 'o.type' = 'file_sink', 'o.path' = './o.csv');
                """);
        CommandResult result = CommandResult.velo("validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(errors(result.err())).as(result.err()).extracting(Error::position)
                .containsExactly(file + ":2:14", file + ":5:8");

        Path aggregates = dir.resolve("aggregates.sql");
        Files.writeString(aggregates, """
                CREATE STREAM o AS
                SELECT name, SUM(name) AS a, AVG(id > 1) AS b
                FROM s
                GROUP BY name
                WITH ('s.type' = 'file_source', 's.path' = './s.csv', 'o.type' = 'file_sink', 'o.path' = './o.csv');
                """);
        CommandResult both = CommandResult.velo("validate", aggregates.toString());
        assertThat(errors(both.err())).as(both.err()).hasSize(2)
                .extracting(Error::position).allMatch(p -> p.startsWith(aggregates + ":2:"));
        assertOneCodeEach(errors(both.err()));
    }

    @Test
    void threeTypeErrorsOnTwoLinesAreAllReportedInPositionOrder() throws Exception {
        Files.writeString(dir.resolve("s.csv"), "id,name,amount\n1,a,2.5\n");
        Path file = dir.resolve("three.sql");
        Files.writeString(file, """
                CREATE STREAM o AS
                SELECT id + 'a' AS x, name * 2 AS y, x + 1 AS z, amount
                FROM s
                WHERE amount AND name
                WITH ('s.type' = 'file_source', 's.path' = './s.csv', 'o.type' = 'file_sink', 'o.path' = './o.csv');
                """);
        CommandResult result = CommandResult.velo("validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        List<Error> errors = errors(result.err());
        // z reads x, whose item has an error: z is not reported again (it would only repeat x's error).
        assertThat(errors).as(result.err()).extracting(Error::code, Error::position).containsExactly(
                org.assertj.core.groups.Tuple.tuple("E301", file + ":2:8"),
                org.assertj.core.groups.Tuple.tuple("E301", file + ":2:23"),
                org.assertj.core.groups.Tuple.tuple("E301", file + ":4:7"));
        assertOneCodeEach(errors);
    }

    @Test
    void errorsOfSeveralStatementsComeInFileOrderAlthoughAReaderIsPlannedAfterWhatItReads() throws Exception {
        Files.writeString(dir.resolve("s.csv"), "id,name\n1,a\n");
        Path file = dir.resolve("two.sql");
        // 'late' is planned first (the first statement reads it); its error is reported after the first's.
        Files.writeString(file, """
                CREATE STREAM first AS SELECT id * 'x' AS bad FROM late
                WITH ('first.type' = 'file_sink', 'first.path' = './first.csv');
                CREATE STREAM late AS SELECT name - 1 AS worse, id FROM s
                WITH ('s.type' = 'file_source', 's.path' = './s.csv', 's.error.strategy' = 'explode');
                """);
        CommandResult result = CommandResult.velo("validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        List<Error> errors = errors(result.err());
        assertThat(errors).as(result.err()).extracting(Error::position).containsExactly(
                file + ":1:52",     // E202: 'first' reads 'late', which has errors
                file + ":3:30",     // E301 in late's select list
                file + ":4:76");    // E401 on the value of 's.error.strategy', reported with the select list's
        assertOneCodeEach(errors);
    }

    @Test
    void kafkaKeyErrorsAreAllReportedWithTheCaretOnTheirWithEntries() throws Exception {
        Path file = dir.resolve("kafka.sql");
        Files.writeString(file, """
                CREATE STREAM o AS
                SELECT * FROM k
                WITH ('k.type' = 'kafka_source', 'k.columns' = 'id INT',
                      'k.auto.offset.reset' = 'earliest-ish',
                      'k.topic.wait.timeout' = 'soon',
                      'k.format' = 'xml',
                      'o.type' = 'kafka_sink', 'o.delivery.guarantee' = 'twice');
                """);
        CommandResult result = CommandResult.velo("validate", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        List<Error> errors = errors(result.err());
        assertThat(errors).as(result.err()).extracting(Error::code, Error::position).containsExactly(
                org.assertj.core.groups.Tuple.tuple("E401", file + ":4:31"),
                org.assertj.core.groups.Tuple.tuple("E401", file + ":5:32"),
                org.assertj.core.groups.Tuple.tuple("E401", file + ":6:20"),
                org.assertj.core.groups.Tuple.tuple("E401", file + ":7:57"));
        assertThat(errors.get(2).message()).contains("'format'").contains("xml");
        assertThat(errors.get(3).message()).contains("kafka_sink").contains("'delivery.guarantee'");
        assertOneCodeEach(errors);
        // The caret is under the value, not under FROM's relation.
        assertThat(result.err()).contains("""
                4 |       'k.auto.offset.reset' = 'earliest-ish',
                  |                               ^^^^^^^^^^^^^^""");
    }
}
