package dev.veloflink.cli;

import dev.veloflink.session.ChangeRow;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatementLineParserTest {

    @Test
    void aStatementEndsAtASemicolonOutsideStringsAndComments() {
        assertThat(StatementLineParser.complete("SELECT 1;")).isTrue();
        assertThat(StatementLineParser.complete("SELECT 1")).isFalse();
        assertThat(StatementLineParser.complete("SELECT 1\nFROM t;  ")).isTrue();
        assertThat(StatementLineParser.complete("SELECT ';' AS s")).isFalse();
        assertThat(StatementLineParser.complete("SELECT 1 -- done;")).isFalse();
        assertThat(StatementLineParser.complete("SELECT 1 -- a comment\n;")).isTrue();
        assertThat(StatementLineParser.complete("SELECT \"a;b\" FROM t")).isFalse();
        assertThat(StatementLineParser.complete("help")).isTrue();
        assertThat(StatementLineParser.complete("quit")).isTrue();
    }

    @Test
    void theLiveTableReplacesRowsByKeyAndRemovesDeletions() {
        LiveTable keyed = new LiveTable(true);
        keyed.apply(new ChangeRow(RowKind.INSERT, List.of("alice", "250.00"), List.of("alice")));
        keyed.apply(new ChangeRow(RowKind.INSERT, List.of("bob", "35.50"), List.of("bob")));
        keyed.apply(new ChangeRow(RowKind.UPDATE_AFTER, List.of("alice", "349.99"), List.of("alice")));
        keyed.apply(new ChangeRow(RowKind.DELETE, List.of("bob", "35.50"), List.of("bob")));
        assertThat(keyed.rows()).containsExactly(List.of("alice", "349.99"));
        assertThat(keyed.changes()).isEqualTo(4);

        LiveTable appended = new LiveTable(false);
        appended.apply(new ChangeRow(RowKind.INSERT, List.of("1"), List.of()));
        appended.apply(new ChangeRow(RowKind.INSERT, List.of("2"), List.of()));
        appended.apply(new ChangeRow(RowKind.UPDATE_BEFORE, List.of("1"), List.of()));
        appended.apply(new ChangeRow(RowKind.UPDATE_AFTER, List.of("3"), List.of()));
        assertThat(appended.rows()).containsExactly(List.of("2"), List.of("3"));
    }

    @Test
    void tablesAreAlignedWithNullShown() {
        List<String> lines = TextTable.render(List.of("customer", "total"),
                List.of(List.of("alice", "250.00"), java.util.Arrays.asList("bob", null)));
        assertThat(lines).containsExactly(
                "+----------+--------+",
                "| customer | total  |",
                "+----------+--------+",
                "| alice    | 250.00 |",
                "| bob      | NULL   |",
                "+----------+--------+");
    }
}
