package dev.veloflink.connectors.jdbc;

import dev.veloflink.connectors.SinkFactory;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.functions.types.FlinkTypes;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** jdbc_sink against in-memory Derby on a real MiniCluster: upserts and deletes by key, plain inserts without. */
class JdbcSinkTest {
    static final String URL = Derby.url("velo_sink");

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Schema SCHEMA = new Schema(List.of(new Column("id", Types.INTEGER),
            new Column("total", Types.decimal(10, 2)), new Column("seen", Types.TIMESTAMP)));
    static final long T = LocalDateTime.of(2024, 5, 6, 7, 8, 9, 10_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();

    @BeforeAll
    static void createTables() throws Exception {
        Derby.execute(URL, "CREATE TABLE totals (id INTEGER PRIMARY KEY, total DECIMAL(10,2), seen TIMESTAMP)",
                "INSERT INTO totals VALUES (9, 1.00, NULL)",
                "CREATE TABLE log (id INTEGER, total DECIMAL(10,2), seen TIMESTAMP)");
    }

    private static Row row(RowKind kind, int id, String total) {
        return Row.ofKind(kind, id, new BigDecimal(total), T);
    }

    private static void run(String table, List<Integer> key, List<Row> rows) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        @SuppressWarnings("unchecked")
        TypeInformation<Row> type = (TypeInformation<Row>) (TypeInformation<?>) FlinkTypes.rowType(SCHEMA);
        DataStream<Row> stream = env.fromData(type, rows.toArray(new Row[0]));
        SinkFactory.SinkProvider sink = new JdbcSinkFactory().create("s", table,
                Map.of("url", URL, "table", table, "password", "pw"), Path.of("."), SCHEMA, key);
        assertThat(sink.describe()).contains("password ****").doesNotContain("pw,");
        sink.attach(stream, "sink " + table);
        env.execute(table);
    }

    @Test
    void upsertsByTheKeyAndDeletesOnDeletions() throws Exception {
        run("totals", List.of(0), List.of(
                row(RowKind.INSERT, 1, "10.00"),
                row(RowKind.INSERT, 2, "20.00"),
                row(RowKind.UPDATE_BEFORE, 1, "10.00"),
                row(RowKind.UPDATE_AFTER, 1, "15.50"),
                row(RowKind.DELETE, 2, "20.00"),
                row(RowKind.UPDATE_AFTER, 9, "9.99"),
                row(RowKind.INSERT, 3, "30.00")));
        assertThat(Derby.rows(URL, "SELECT id, total, seen FROM totals ORDER BY id")).containsExactly(
                List.of("1", "15.50", "2024-05-06 07:08:09.01"),
                List.of("3", "30.00", "2024-05-06 07:08:09.01"),
                List.of("9", "9.99", "2024-05-06 07:08:09.01"));
    }

    @Test
    void insertsWithoutAKey() throws Exception {
        run("log", List.of(), List.of(row(RowKind.INSERT, 1, "1.00"), row(RowKind.INSERT, 1, "2.00"),
                row(RowKind.DELETE, 1, "1.00")));
        assertThat(Derby.rows(URL, "SELECT id, total FROM log ORDER BY total")).containsExactly(
                List.of("1", "1.00"), List.of("1", "2.00"));
    }
}
