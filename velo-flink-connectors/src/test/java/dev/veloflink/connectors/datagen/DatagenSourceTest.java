package dev.veloflink.connectors.datagen;

import dev.veloflink.connectors.SourceProvider;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.decode.ErrorStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The datagen_source on a real MiniCluster: bounded, complete, and the same rows at parallelism 1 and 2. */
class DatagenSourceTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Map<String, String> KEYS = Map.of(
            "type", "datagen_source", "rows", "5000", "seed", "7",
            "columns", "id BIGINT, station STRING, temp DECIMAL(5,1)",
            "fields.id.kind", "sequence",
            "fields.station.kind", "choice", "fields.station.values", "Oslo,Lima,Pune");

    /** Runs the source at a parallelism and returns the schema columns of its rows, keyed by _offset. */
    private static Map<Long, List<Object>> run(int parallelism, Map<String, String> keys) throws Exception {
        SourceProvider provider = new DatagenSourceFactory().create("s", "readings", keys, Path.of("."),
                ErrorStrategy.SKIP);
        assertThat(provider.bounded()).isTrue();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.getConfig().enableObjectReuse();
        int columns = provider.schema().size();
        Map<Long, List<Object>> rows = new TreeMap<>();
        try (CloseableIterator<Row> it = provider.build(env).executeAndCollect()) {
            while (it.hasNext()) {
                Row row = it.next();
                assertThat(row.getArity()).isEqualTo(columns + SystemColumns.COUNT);
                List<Object> values = new ArrayList<>();
                for (int c = 0; c < columns; c++) {
                    values.add(row.getField(c));
                }
                Object previous = rows.put((Long) row.getField(columns + SystemColumns.OFFSET_OFFSET), values);
                assertThat(previous).as("each row index once").isNull();
            }
        }
        return rows;
    }

    @Test
    void producesExactlyTheRequestedRowsTheSameAtAnyParallelism() throws Exception {
        Map<Long, List<Object>> one = run(1, KEYS);
        Map<Long, List<Object>> two = run(2, KEYS);
        assertThat(one).hasSize(5000);
        assertThat(one.keySet()).first().isEqualTo(0L);
        assertThat(one.keySet()).last().isEqualTo(4999L);
        assertThat(two).isEqualTo(one);
        assertThat(one.get(17L).get(0)).isEqualTo(17L);
    }

    @Test
    void theRateLimitsThroughput() throws Exception {
        Map<String, String> keys = new java.util.HashMap<>(KEYS);
        keys.put("rows", "300");
        keys.put("rate", "200");
        long start = System.nanoTime();
        Map<Long, List<Object>> rows = run(1, keys);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(rows).hasSize(300);
        // 300 rows at 200 rows/s need at least about one second beyond the first batch.
        assertThat(seconds).isGreaterThan(0.9);
    }
}
