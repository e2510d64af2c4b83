package dev.veloflink.connectors.jdbc;

import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.table.TablePhase;
import dev.veloflink.connectors.table.TableSplit;
import dev.veloflink.connectors.table.TableSplitReader;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * jdbc_source and jdbc_sink against a real PostgreSQL server started for this class. Skipped (with the reason) when
 * the server binaries are not installed.
 */
class JdbcPostgresTest {
    private static PostgresServer server;
    private static String url;

    @BeforeAll
    static void startServer() throws Exception {
        Optional<Path> binaries = PostgresServer.findBinaries();
        assumeTrue(binaries.isPresent(), "PostgreSQL server binaries (pg_ctl, initdb) are not installed");
        server = PostgresServer.start(binaries.get());
        url = server.url();
        sql("CREATE TABLE orders (id integer NOT NULL, big bigint, amount numeric(10,2), ratio double precision, "
                + "name varchar(20), seen timestamp, day date, flag boolean)",
                "INSERT INTO orders VALUES (1, 9000000000, 12.5, 0.25, 'ann', '2024-03-01 10:15:30.123', "
                        + "'2024-03-01', true), (2, NULL, -0.05, NULL, NULL, NULL, NULL, false)",
                "CREATE TABLE totals (id integer PRIMARY KEY, total numeric(10,2))");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "velo", null); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static Map<String, String> keys(String... pairs) {
        Map<String, String> keys = new java.util.HashMap<>(Map.of("url", url, "user", "velo"));
        for (int i = 0; i < pairs.length; i += 2) {
            keys.put(pairs[i], pairs[i + 1]);
        }
        return keys;
    }

    @Test
    void infersTypesAndLoadsBulkThenIncrementalRows() throws Exception {
        JdbcSourceProvider provider = new JdbcSourceFactory().create("s", "orders",
                keys("table", "orders", "incremental.column", "id", "polling_interval", "10ms"), Path.of("."),
                ErrorStrategy.SKIP);
        assertThat(provider.schema()).isEqualTo(new Schema(List.of(
                new Column("id", Types.INTEGER), new Column("big", Types.BIGINT),
                new Column("amount", Types.decimal(10, 2)), new Column("ratio", Types.DOUBLE),
                new Column("name", Types.STRING), new Column("seen", Types.TIMESTAMP),
                new Column("day", Types.DATE), new Column("flag", Types.BOOLEAN))));
        JdbcTableSource source = provider.tableSource();
        TableSplit split = source.captureSplits().get(0);
        List<Row> rows = new ArrayList<>();
        try (TableSplitReader reader = source.open(split)) {
            assertThat(reader.read(rows::add, 100)).isEqualTo(TableSplitReader.Status.BULK_END);
            assertThat(rows).hasSize(2);
            Row first = rows.get(0);
            assertThat(first.getField(0)).isEqualTo(1);
            assertThat(first.getField(1)).isEqualTo(9_000_000_000L);
            assertThat(first.getField(2)).isEqualTo(new BigDecimal("12.50"));
            assertThat(first.getField(3)).isEqualTo(0.25);
            assertThat(first.getField(5)).isEqualTo(LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_000_000)
                    .toInstant(ZoneOffset.UTC).toEpochMilli());
            assertThat(first.getField(6)).isEqualTo((int) LocalDate.of(2024, 3, 1).toEpochDay());
            assertThat(first.getField(7)).isEqualTo(true);
            assertThat(rows.get(1).getField(2)).isEqualTo(new BigDecimal("-0.05"));

            sql("INSERT INTO orders (id, amount) VALUES (3, 7)");
            rows.clear();
            assertThat(reader.read(rows::add, 100)).isEqualTo(TableSplitReader.Status.NOTHING_NEW);
            assertThat(rows).extracting(r -> r.getField(0), r -> r.getField(2))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(3, new BigDecimal("7.00")));
            assertThat(reader.position().phase()).isEqualTo(TablePhase.INCREMENTAL);
            assertThat(reader.position().position()).isEqualTo("-1|N:3");
        }
    }

    @Test
    void sinkUpsertsAndDeletesByKey() throws Exception {
        Schema schema = new Schema(List.of(new Column("id", Types.INTEGER), new Column("total", Types.decimal(10, 2))));
        JdbcSinkWriter writer = new JdbcSinkWriter(JdbcSinkOptions.fromProperties("totals", keys("table", "totals")),
                schema, List.of(0));
        writer.write(Row.ofKind(RowKind.INSERT, 1, new BigDecimal("1.00")), null);
        writer.write(Row.ofKind(RowKind.INSERT, 2, new BigDecimal("2.00")), null);
        writer.flush(false);
        writer.write(Row.ofKind(RowKind.UPDATE_AFTER, 1, new BigDecimal("1.50")), null);
        writer.write(Row.ofKind(RowKind.DELETE, 2, new BigDecimal("2.00")), null);
        writer.flush(true);
        writer.close();
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "velo", null); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, total FROM totals ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "=" + rs.getBigDecimal(2));
            }
        }
        assertThat(rows).containsExactly("1=1.50");
    }
}
