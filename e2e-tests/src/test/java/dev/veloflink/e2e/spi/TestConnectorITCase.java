package dev.veloflink.e2e.spi;

import dev.veloflink.e2e.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15 item 2: a connector added without touching the planner. {@code inline_source} and {@code inline_sink}
 * live in this test module and are registered only by its {@code META-INF/services} files; one application reads
 * {@code inline_source} as a stream, as the table side of a join and as a subquery's table, and writes through
 * {@code inline_sink}. Their declared options give W101's "did you mean", E402 for a required key and the masked
 * value {@code explain} prints; the discovered types give E401's "did you mean".
 */
class TestConnectorITCase {
    private static final String SECRET = "s3cr3t-marker-4711";

    @TempDir
    Path workspace;

    @Test
    void aConnectorFromATestModuleIsAStreamATableAndASink() throws Exception {
        Path app = write("app.sql", """
                CREATE STREAM priced AS
                SELECT o.order_id, o.ccy, o.amount, ROUND(o.amount * r.rate, 2) AS amount_eur
                FROM orders o
                JOIN rates r ON o.ccy = r.ccy
                WITH (
                    'orders.type' = 'inline_source',
                    'orders.columns' = 'order_id BIGINT, ccy STRING, amount DECIMAL(10,2)',
                    'orders.rows' = '1,USD,10.00; 2,GBP,20.00; 3,EUR,5.50; 4,JPY,100.00; 5,USD,1.25',
                    'rates.type' = 'inline_source',
                    'rates.columns' = 'ccy STRING, rate DECIMAL(6,4)',
                    'rates.rows' = 'USD,0.9200; GBP,1.1700; EUR,1.0000',
                    'rates.key.fields' = 'ccy',
                    'rates.token' = '%s',
                    'priced.type' = 'inline_sink',
                    'priced.path' = './out/priced.txt'
                );

                CREATE STREAM cheap AS
                SELECT order_id, ccy FROM orders
                WHERE ccy IN (SELECT ccy FROM rates WHERE rate < 1.0)
                WITH (
                    'orders.type' = 'inline_source',
                    'orders.columns' = 'order_id BIGINT, ccy STRING, amount DECIMAL(10,2)',
                    'orders.rows' = '1,USD,10.00; 2,GBP,20.00; 3,EUR,5.50; 4,JPY,100.00; 5,USD,1.25',
                    'rates.type' = 'inline_source',
                    'rates.columns' = 'ccy STRING, rate DECIMAL(6,4)',
                    'rates.rows' = 'USD,0.9200; GBP,1.1700; EUR,1.0000',
                    'cheap.type' = 'inline_sink',
                    'cheap.path' = './out/cheap.txt'
                );
                """.formatted(SECRET));

        CommandResult explain = CommandResult.velo("explain", app.toString());
        assertThat(explain.exitCode()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("inline_source rates (3 rows; key.fields=ccy, token=****)")
                .contains("inline_sink priced").doesNotContain(SECRET);

        CommandResult run = CommandResult.velo("run", app.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out() + run.err()).doesNotContain(SECRET);
        // The join's rows leave by key, so their order across keys is the job's; the lines are exact.
        assertThat(Files.readAllLines(workspace.resolve("out/priced.txt"))).containsExactlyInAnyOrder(
                "1|USD|10.00|9.20", "2|GBP|20.00|23.40", "3|EUR|5.50|5.50", "5|USD|1.25|1.15");
        assertThat(Files.readAllLines(workspace.resolve("out/cheap.txt"))).containsExactlyInAnyOrder(
                "1|USD", "5|USD");
    }

    @Test
    void itsDeclaredOptionsAndTypeGiveTheHints() throws Exception {
        Path typo = write("typo.sql", """
                CREATE STREAM s AS SELECT id FROM src
                WITH ('src.type' = 'inline_source', 'src.columns' = 'id BIGINT', 'src.rows' = '1',
                      'src.lable' = 'x', 's.type' = 'inline_sink', 's.path' = './s.txt');
                """);
        CommandResult validate = CommandResult.velo("validate", typo.toString());
        assertThat(validate.out() + validate.err()).contains("W101").contains("did you mean 'src.label'");

        // A key pattern is the connector's to accept too: a kafka_sink's constant header, not a W101.
        Path header = write("header.sql", """
                CREATE STREAM s AS SELECT id FROM src
                WITH ('src.type' = 'inline_source', 'src.columns' = 'id BIGINT', 'src.rows' = '1',
                      's.type' = 'kafka_sink', 's.bootstrap.servers' = '127.0.0.1:1', 's.topic' = 't',
                      's.header.origin' = 'velo', 's.heder' = 'x');
                """);
        validate = CommandResult.velo("validate", header.toString());
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();
        assertThat(validate.out() + validate.err()).contains("unknown property 's.heder'")
                .doesNotContain("unknown property 's.header.origin'").contains("(1 statements, 1 warnings)");

        Path unknownType = write("type.sql", """
                CREATE STREAM s AS SELECT id FROM src
                WITH ('src.type' = 'inline_sourse', 'src.columns' = 'id BIGINT', 'src.rows' = '1',
                      's.type' = 'inline_sink', 's.path' = './s.txt');
                """);
        validate = CommandResult.velo("validate", unknownType.toString());
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.out() + validate.err()).contains("E401").contains("unknown source type 'inline_sourse'")
                .contains("did you mean 'inline_source'?").contains("inline_source, jdbc_source");

        Path missing = write("missing.sql", """
                CREATE STREAM s AS SELECT id FROM src
                WITH ('src.type' = 'inline_source', 'src.columns' = 'id BIGINT',
                      's.type' = 'inline_sink', 's.path' = './s.txt');
                """);
        validate = CommandResult.velo("validate", missing.toString());
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.out() + validate.err()).contains("E402").contains("'rows'");
    }

    private Path write(String name, String text) throws Exception {
        Path file = workspace.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
