package dev.veloflink.planner.run;

import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.planner.PlannerTestApps;
import dev.veloflink.planner.StateBackendKind;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statement key {@code state.backend} (docs/guide.md): it sets the job's state backend, is checked at plan time,
 * and without it velo leaves the backend to Flink's configuration (a cluster's {@code state.backend.type}).
 */
class StateBackendKeyTest {
    @TempDir
    Path dir;

    private Path app(String... backends) throws Exception {
        Files.writeString(dir.resolve("orders.csv"), "customer,amount\na,1\n");
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < backends.length; i++) {
            sql.append("""
                    CREATE STREAM totals%d AS SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer
                    WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv',
                          %s'totals%d.type' = 'file_sink', 'totals%d.path' = './out%d.csv');
                    """.formatted(i, backends[i] == null ? "" : "'state.backend' = '" + backends[i] + "', ", i, i, i));
        }
        Path file = dir.resolve("app.sql");
        Files.writeString(file, sql);
        return file;
    }

    @Test
    void rocksdbIsSetOnTheJobWithPartitionedBloomFilters() throws Exception {
        var app = PlannerTestApps.loadWithoutErrors(app("RocksDB", null));
        assertThat(app.diagnostics()).noneMatch(d -> d.code().equals("W101"));
        JobSettings settings = JobSettings.of(app);
        assertThat(settings.stateBackend()).contains(StateBackendKind.ROCKSDB);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        settings.applyTo(env);
        assertThat(env.getConfiguration().get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(env.getConfiguration().toMap()).containsEntry(JobSettings.ROCKSDB_BLOOM_FILTER, "true")
                .containsEntry(JobSettings.ROCKSDB_PARTITIONED_INDEX_FILTERS, "true");
    }

    @Test
    void hashmapIsSetWithoutRocksDbOptions() throws Exception {
        var app = PlannerTestApps.loadWithoutErrors(app("hashmap"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobSettings.of(app).applyTo(env);
        assertThat(env.getConfiguration().get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(env.getConfiguration().toMap()).doesNotContainKey(JobSettings.ROCKSDB_BLOOM_FILTER)
                .doesNotContainKey(JobSettings.ROCKSDB_PARTITIONED_INDEX_FILTERS);
    }

    @Test
    void withoutTheKeyFlinksConfigurationDecides() throws Exception {
        var app = PlannerTestApps.loadWithoutErrors(app((String) null));
        JobSettings settings = JobSettings.of(app);
        assertThat(settings.stateBackend()).isEqualTo(Optional.empty());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        settings.applyTo(env);
        assertThat(env.getConfiguration().getOptional(StateBackendOptions.STATE_BACKEND)).isEmpty();
    }

    @Test
    void anUnknownBackendIsE401() throws Exception {
        assertThat(PlannerTestApps.errors(app("memory")))
                .containsExactly("E401 invalid state.backend 'memory'");
    }

    @Test
    void statementsOfOneApplicationMustAgree() throws Exception {
        Path file = app("rocksdb", null, "hashmap");
        assertThat(PlannerTestApps.errors(file)).singleElement().asString()
                .startsWith("E401 state.backend 'hashmap' differs from 'rocksdb' of statement 'totals0'");
        // At the third statement, the first that disagrees.
        assertThat(dev.veloflink.planner.ApplicationLoader.load(file).diagnostics().stream()
                .filter(Diagnostic::isError).findFirst().orElseThrow().range().startLine()).isEqualTo(7);
        assertThat(PlannerTestApps.errors(app("rocksdb", "ROCKSDB"))).isEmpty();
    }
}
