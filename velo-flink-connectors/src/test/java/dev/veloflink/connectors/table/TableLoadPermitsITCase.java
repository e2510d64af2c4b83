package dev.veloflink.connectors.table;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.jdbc.JdbcSourceOptions;
import dev.veloflink.connectors.jdbc.JdbcTableSource;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code max.parallel.loads} (SPEC §13.2) across the table sources of one real Flink job: with a limit of 1, three
 * JDBC tables (real Derby) load one after the other, each starting its bulk phase only after the previous one ended;
 * with the permits alone, without Flink, waiting tables start in order as places free up.
 */
class TableLoadPermitsITCase {
    static {
        // Derby's log goes to the build folder, not the module root.
        System.setProperty("derby.stream.error.file", "target/derby.log");
    }


    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String URL = "jdbc:derby:memory:velo_permits;create=true";
    private static final Schema SCHEMA = new Schema(List.of(new Column("id", Types.INTEGER),
            new Column("name", Types.STRING)));
    private static final int ROWS = 3000;

    @Test
    void withALimitOfOneThreeTablesLoadOneAfterTheOther() throws Exception {
        List<String> tables = List.of("t_a", "t_b", "t_c");
        try (Connection db = DriverManager.getConnection(URL); Statement sql = db.createStatement()) {
            for (String table : tables) {
                sql.execute("CREATE TABLE " + table + " (id INTEGER, name VARCHAR(20))");
                try (PreparedStatement insert = db.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                    for (int i = 0; i < ROWS; i++) {
                        insert.setInt(1, i);
                        insert.setString(2, table + i);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
        }
        String group = UUID.randomUUID().toString();
        LoadSlot slot = new LoadSlot(group, 1, 0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<String> loaded = null;
        for (String table : tables) {
            JdbcTableSource source = new JdbcTableSource(new JdbcSourceOptions(table, URL, table, null, null, null,
                    null, Duration.ofSeconds(1)), SCHEMA);
            int timestamp = SCHEMA.size() + SystemColumns.TIMESTAMP_OFFSET;
            int kind = SCHEMA.size() + SystemColumns.COUNT;
            DataStream<String> rows = env.fromSource(new TableLoadSource(source, slot),
                    WatermarkStrategy.noWatermarks(), table, TableEnvelope.typeInfo(SCHEMA))
                    .filter(row -> (Integer) row.getField(kind) == TableEnvelope.KIND_BULK_ROW)
                    .map(row -> table + "," + row.getField(timestamp)).returns(TypeInformation.of(String.class));
            loaded = loaded == null ? rows : loaded.union(rows);
        }

        Map<String, long[]> spans = new HashMap<>();
        try (CloseableIterator<String> rows = loaded.executeAndCollect()) {
            rows.forEachRemaining(row -> {
                String[] parts = row.split(",");
                long at = Long.parseLong(parts[1]);
                spans.merge(parts[0], new long[] {at, at, 1},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1]), a[2] + b[2]});
            });
        }

        assertThat(spans).containsOnlyKeys(tables);
        spans.values().forEach(span -> assertThat(span[2]).isEqualTo(ROWS));
        // Each table's rows were all read before the next table read its first.
        List<long[]> byStart = new ArrayList<>(spans.values());
        byStart.sort(Comparator.comparingLong(span -> span[0]));
        for (int i = 1; i < byStart.size(); i++) {
            assertThat(byStart.get(i)[0]).isGreaterThanOrEqualTo(byStart.get(i - 1)[1]);
        }
        TableLoadPermits.Stats stats = TableLoadPermits.stats(group);
        assertThat(stats.mostLoading()).isEqualTo(1);
        assertThat(stats.grantOrder()).containsExactlyInAnyOrderElementsOf(tables);
        assertThat(stats.finished()).containsExactlyElementsOf(stats.grantOrder());
        TableLoadPermits.forget(group);
    }

    @Test
    void waitingTablesStartInOrderAsPlacesFreeUp() {
        String group = UUID.randomUUID().toString();
        List<String> started = new ArrayList<>();
        TableLoadPermits.request(new LoadSlot(group, 2, 1), "b", () -> started.add("b"));
        TableLoadPermits.request(new LoadSlot(group, 2, 1), "c", () -> started.add("c"));
        TableLoadPermits.request(new LoadSlot(group, 2, 2), "e", () -> started.add("e"));
        TableLoadPermits.request(new LoadSlot(group, 2, 1), "d", () -> started.add("d"));
        assertThat(started).containsExactly("b", "c");

        TableLoadPermits.release(new LoadSlot(group, 2, 1), "c");
        assertThat(started).containsExactly("b", "c", "d");
        // A table that gives up its place while waiting never starts.
        TableLoadPermits.release(new LoadSlot(group, 2, 2), "e");
        TableLoadPermits.release(new LoadSlot(group, 2, 1), "b");
        assertThat(started).containsExactly("b", "c", "d");
        assertThat(TableLoadPermits.stats(group).mostLoading()).isEqualTo(2);
        TableLoadPermits.forget(group);
    }
}
