package dev.veloflink.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LIMIT ends its job over input that never ends (SPEC §3.4, §1.6): {@code velo run} returns exit 0 once the LIMIT's
 * rows are written, and the application's other statements run to their own end first. Without the LIMIT ending its
 * sources these runs never return: the timeout fails them.
 */
class LimitEndsJobITCase {

    @TempDir
    Path workspace;

    /** An unbounded datagen source: ids 0, 1, 2, ... and a station chosen by the seed. */
    private static final String READINGS = """
            'readings.type' = 'datagen_source',
            'readings.seed' = '7',
            'readings.columns' = 'id BIGINT, station STRING',
            'readings.fields.id.kind' = 'sequence',
            'readings.fields.station.kind' = 'choice',
            'readings.fields.station.values' = 'Oslo,Lima'""";

    private CommandResult run(String sql) throws Exception {
        Path file = workspace.resolve("app.sql");
        Files.writeString(file, sql);
        return CommandResult.velo("run", file.toString());
    }

    @Test
    @Timeout(60)
    void aPlainQueryWithLimitOverAnUnboundedSourceEndsWithExitZero() throws Exception {
        CommandResult result = run("""
                SELECT id, id * 10 AS tenfold FROM readings WHERE id %% 2 = 0 LIMIT 3
                WITH (%s);
                """.formatted(READINGS));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().split("\n")).containsExactly("id,tenfold", "0,0", "2,20", "4,40");
    }

    @Test
    @Timeout(60)
    void theOtherStatementsOfTheApplicationRunToTheirOwnEnd() throws Exception {
        Files.writeString(workspace.resolve("orders.csv"), "order_id,amount\n1,250.00\n2,35.50\n3,99.99\n");
        CommandResult result = run("""
                CREATE STREAM first_four AS SELECT id FROM readings LIMIT 4
                WITH (%s,
                    'first_four.type' = 'file_sink', 'first_four.path' = './out/first_four.csv');
                CREATE STREAM big AS SELECT order_id FROM orders WHERE amount > 50
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv',
                    'big.type' = 'file_sink', 'big.path' = './out/big.csv');
                """.formatted(READINGS));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.readAllLines(workspace.resolve("out/first_four.csv")))
                .containsExactly("id", "0", "1", "2", "3");
        assertThat(Files.readAllLines(workspace.resolve("out/big.csv"))).containsExactly("order_id", "1", "3");
    }

    @Test
    @Timeout(60)
    void aStatementReadingALimitedStreamEndsWithIt() throws Exception {
        CommandResult result = run("""
                CREATE STREAM firsts AS SELECT id, station FROM readings LIMIT 6 WITH (%s);
                SELECT COUNT(*) AS n, SUM(id) AS total FROM firsts EMIT FINAL;
                """.formatted(READINGS));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(List.of(result.out().split("\n"))).containsExactly("n,total", "6,15");
    }
}
