package dev.veloflink.connectors.jdbc;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.connectors.table.TableLoadGate;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.functions.metrics.VeloCounters;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** jdbc_source against in-memory Derby on a real MiniCluster: bulk types, incremental polling, bad values. */
class JdbcSourceTest {
    static final String URL = Derby.url("velo_source");
    static final Path BASE = Path.of(".");

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @BeforeAll
    static void createTables() throws Exception {
        Derby.execute(URL,
                "CREATE TABLE typed (id INTEGER NOT NULL, big BIGINT, amount DECIMAL(10,2), ratio DOUBLE, "
                        + "name VARCHAR(20), seen TIMESTAMP, day DATE, flag BOOLEAN)",
                "INSERT INTO typed VALUES (1, 9000000000, 12.50, 0.25, 'ann', '2024-03-01 10:15:30.123', "
                        + "'2024-03-01', TRUE)",
                "INSERT INTO typed VALUES (2, NULL, -0.05, NULL, NULL, NULL, NULL, FALSE)",
                "CREATE TABLE amounts (id INTEGER, amount DECIMAL(5,1))",
                "INSERT INTO amounts VALUES (1, 3), (2, 4.7), (3, 5)",
                "CREATE TABLE events (id INTEGER, seq BIGINT, label VARCHAR(10))",
                "INSERT INTO events VALUES (1, 10, 'a'), (2, 20, 'b')");
    }

    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().enableObjectReuse();
        return env;
    }

    private static Map<String, String> keys(String... pairs) {
        Map<String, String> keys = new HashMap<>();
        keys.put("url", URL);
        for (int i = 0; i < pairs.length; i += 2) {
            keys.put(pairs[i], pairs[i + 1]);
        }
        return keys;
    }

    private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        it.close();
        return out;
    }

    @Test
    void infersTheSchemaAndLoadsExactValues() throws Exception {
        JdbcSourceProvider provider = new JdbcSourceFactory().create("s", "typed", keys("table", "typed"), BASE,
                ErrorStrategy.SKIP);
        assertThat(provider.bounded()).isTrue();
        assertThat(provider.schema()).isEqualTo(new Schema(List.of(
                new Column("id", Types.INTEGER), new Column("big", Types.BIGINT),
                new Column("amount", Types.decimal(10, 2)), new Column("ratio", Types.DOUBLE),
                new Column("name", Types.STRING), new Column("seen", Types.TIMESTAMP),
                new Column("day", Types.DATE), new Column("flag", Types.BOOLEAN))));
        assertThat(provider.schemaOrigin()).isEqualTo("jdbc metadata of typed");

        StreamExecutionEnvironment env = env();
        CloseableIterator<Row> rows = provider.build(env).collectAsync();
        JobExecutionResult result = env.execute("bulk");
        List<Row> loaded = drain(rows);
        assertThat(loaded).hasSize(2);
        Row first = loaded.get(0);
        assertThat(first.getArity()).isEqualTo(8 + SystemColumns.COUNT);
        assertThat(first.getField(0)).isEqualTo(1);
        assertThat(first.getField(1)).isEqualTo(9_000_000_000L);
        assertThat(first.getField(2)).isEqualTo(new BigDecimal("12.50"));
        assertThat(first.getField(3)).isEqualTo(0.25);
        assertThat(first.getField(4)).isEqualTo("ann");
        assertThat(first.getField(5)).isEqualTo(
                LocalDateTime.of(2024, 3, 1, 10, 15, 30, 123_000_000).toInstant(ZoneOffset.UTC).toEpochMilli());
        assertThat(first.getField(6)).isEqualTo((int) LocalDate.of(2024, 3, 1).toEpochDay());
        assertThat(first.getField(7)).isEqualTo(true);
        assertThat(first.getField(8 + SystemColumns.OFFSET_OFFSET)).isEqualTo(1L);
        assertThat(first.getField(8 + SystemColumns.TIMESTAMP_OFFSET)).isInstanceOf(Long.class);
        Row second = loaded.get(1);
        assertThat(second.getField(2)).isEqualTo(new BigDecimal("-0.05"));
        assertThat(second.getField(1)).isNull();
        assertThat(second.getField(5)).isNull();
        assertThat(second.getField(8 + SystemColumns.OFFSET_OFFSET)).isEqualTo(2L);
        assertThat(result.<Long>getAccumulatorResult(
                VeloCounters.sampleName(TableLoadGate.ROWS_LOADED, Map.of("table", "typed")))).isEqualTo(2L);
        assertThat(result.<Long>getAccumulatorResult(
                VeloCounters.sampleName(TableLoadGate.BULK_SPLITS_DONE, Map.of("table", "typed")))).isEqualTo(1L);
    }

    @Test
    void declaredColumnsRescaleDecimalsAndAQueryIsItsOwnPosition() throws Exception {
        JdbcSourceProvider provider = new JdbcSourceFactory().create("s", "q",
                keys("query", "SELECT id, amount FROM amounts WHERE id > 1 ORDER BY id",
                        "columns", "id BIGINT, amount DECIMAL(8,3)"), BASE, ErrorStrategy.DEAD_LETTER);
        assertThat(provider.schemaOrigin()).isEqualTo("columns");
        StreamExecutionEnvironment env = env();
        CloseableIterator<Row> rows = provider.build(env).collectAsync();
        env.execute("query");
        assertThat(drain(rows)).extracting(r -> r.getField(0), r -> r.getField(1)).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, new BigDecimal("4.700")),
                org.assertj.core.groups.Tuple.tuple(3L, new BigDecimal("5.000")));
    }

    private static Long skipped(JobExecutionResult result, String statement, String source, String reason) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("statement", statement);
        labels.put("source", source);
        labels.put("reason", reason);
        return result.getAccumulatorResult(VeloCounters.sampleName(RecordDecoder.RECORDS_SKIPPED, labels));
    }

    @Test
    void aValueThatDoesNotConvertIsSkippedCounted() throws Exception {
        Map<String, String> keys = keys("table", "amounts", "columns", "id INTEGER, amount INTEGER");
        StreamExecutionEnvironment env = env();
        CloseableIterator<Row> rows = new JdbcSourceFactory().create("bad_skip", "amounts", keys, BASE,
                ErrorStrategy.SKIP).build(env).collectAsync();
        JobExecutionResult result = env.execute("skip");
        assertThat(drain(rows)).extracting(r -> r.getField(0), r -> r.getField(1)).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, 3), org.assertj.core.groups.Tuple.tuple(3, 5));
        assertThat(skipped(result, "bad_skip", "amounts", "type_error")).isEqualTo(1L);
    }

    @Test
    void aValueThatDoesNotConvertIsADeadLetterWithItsPosition() throws Exception {
        Map<String, String> keys = keys("table", "amounts", "columns", "id INTEGER, amount INTEGER");
        StreamExecutionEnvironment env = env();
        SingleOutputStreamOperator<Row> rows = new JdbcSourceFactory().create("bad_dl", "amounts", keys, BASE,
                ErrorStrategy.DEAD_LETTER).build(env);
        CloseableIterator<Row> good = rows.collectAsync();
        CloseableIterator<String> letters = rows.getSideOutput(RecordDecoder.DEAD_LETTERS).collectAsync();
        JobExecutionResult result = env.execute("dead letter");
        assertThat(drain(good)).hasSize(2);
        assertThat(drain(letters)).containsExactly("{\"statement\":\"bad_dl\",\"source\":\"amounts\","
                + "\"position\":\"amounts#2\",\"reason\":\"type_error\",\"message\":\"column 'amount': '4.7' is not "
                + "a valid INTEGER\",\"record\":\"{\\\"ID\\\":\\\"2\\\",\\\"AMOUNT\\\":\\\"4.7\\\"}\"}");
        assertThat(skipped(result, "bad_dl", "amounts", "type_error")).isEqualTo(1L);
    }

    @Test
    void aValueThatDoesNotConvertFailsTheJobWithE503() {
        Map<String, String> keys = keys("table", "amounts", "columns", "id INTEGER, amount INTEGER NOT NULL");
        StreamExecutionEnvironment env = env();
        new JdbcSourceFactory().create("bad_fail", "amounts", keys, BASE, ErrorStrategy.FAIL).build(env)
                .collectAsync();
        assertThatThrownBy(() -> env.execute("fail")).satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                .contains("E503 bad record in statement 'bad_fail', source 'amounts' at amounts#2: type_error: "
                        + "column 'amount': '4.7' is not a valid INTEGER"));
    }

    @Test
    void incrementalPollingPicksUpInsertedRows() throws Exception {
        Map<String, String> keys = keys("table", "events", "incremental.column", "seq", "polling_interval", "100ms");
        JdbcSourceProvider provider = new JdbcSourceFactory().create("s", "events", keys, BASE, ErrorStrategy.SKIP);
        assertThat(provider.bounded()).isFalse();
        StreamExecutionEnvironment env = env();
        CloseableIterator<Row> rows = provider.build(env).collectAsync();
        JobClient job = env.executeAsync("incremental");
        try {
            List<Object> ids = new ArrayList<>();
            List<Object> offsets = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Row row = rows.next();
                ids.add(row.getField(0));
                offsets.add(row.getField(3 + SystemColumns.OFFSET_OFFSET));
            }
            Derby.execute(URL, "INSERT INTO events VALUES (3, 30, 'c')", "INSERT INTO events VALUES (4, 25, 'd')");
            for (int i = 0; i < 2; i++) {
                Row row = rows.next();
                ids.add(row.getField(0));
                offsets.add(row.getField(3 + SystemColumns.OFFSET_OFFSET));
            }
            Derby.execute(URL, "INSERT INTO events VALUES (5, 40, 'e')");
            ids.add(rows.next().getField(0));
            // Ordered by the column within a poll; every row once.
            assertThat(ids).containsExactly(1, 2, 4, 3, 5);
            assertThat(offsets).containsExactly(1L, 2L, 3L, 4L);
        } finally {
            rows.close();
            job.cancel().get();
        }
    }

    @Test
    void optionsAreCheckedAndThePasswordNeverPrints() {
        assertThatThrownBy(() -> new JdbcSourceFactory().create("s", "x", Map.of("url", URL), BASE,
                ErrorStrategy.SKIP)).hasMessageContaining("E402");
        assertThatThrownBy(() -> new JdbcSourceFactory().create("s", "x", keys("table", "events", "query",
                "SELECT 1 FROM events"), BASE, ErrorStrategy.SKIP)).hasMessageContaining("E401");
        assertThatThrownBy(() -> new JdbcSourceFactory().create("s", "x", keys("table", "events",
                "incremental.column", "nope"), BASE, ErrorStrategy.SKIP)).hasMessageContaining("E401")
                .hasMessageContaining("id, seq, label");
        JdbcSourceProvider provider = new JdbcSourceFactory().create("s", "events", keys("table", "events",
                "user", "app", "password", "s3cret"), BASE, ErrorStrategy.SKIP);
        assertThat(provider.describe()).contains("password ****").doesNotContain("s3cret");
        assertThat(provider.options().toString()).doesNotContain("s3cret");
        assertThat(new JdbcSourceFactory().types()).containsExactlyInAnyOrder("jdbc_source", "database_source");
    }
}
