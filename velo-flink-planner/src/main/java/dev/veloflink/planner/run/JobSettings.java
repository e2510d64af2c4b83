package dev.veloflink.planner.run;

import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.StateBackendKind;
import dev.veloflink.planner.StatementKeys;
import dev.veloflink.planner.StatementPlan;
import dev.veloflink.planner.plan.PlanNodes;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.Optional;

/**
 * The settings of the application's one Flink job (SPEC §1.5, §5.6): checkpointing, which commits Kafka offsets and
 * transactions. It is on when a statement sets {@code checkpoint.interval}, reads an unbounded source, or writes to
 * a sink that commits on checkpoints; a bounded file-to-file job runs without it, so it ends as soon as its input
 * does instead of waiting for a final checkpoint.
 *
 * <p>And the state backend, when a statement sets {@code state.backend}. Otherwise velo sets none, so the
 * {@code state.backend.type} of the Flink configuration the job runs under (a cluster's, or Flink's default heap
 * backend embedded) decides.
 */
public record JobSettings(Optional<Duration> checkpointInterval, Optional<StateBackendKind> stateBackend) {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    /** Flink's {@code RocksDBConfigurableOptions.USE_BLOOM_FILTER}. */
    static final String ROCKSDB_BLOOM_FILTER = "state.backend.rocksdb.use-bloom-filter";
    /** Flink's {@code RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS}. */
    static final String ROCKSDB_PARTITIONED_INDEX_FILTERS = "state.backend.rocksdb.memory.partitioned-index-filters";

    public static JobSettings of(LoadedApplication app) {
        Optional<Duration> explicit = app.plans().stream()
                .map(p -> p.statementKeys().get("checkpoint.interval")).filter(v -> v != null).findFirst()
                .flatMap(OptionReader::parseDuration);
        boolean needed = explicit.isPresent() || app.plans().stream().anyMatch(JobSettings::needsCheckpoints);
        // The planner checked that the statements that set state.backend agree on a valid value (E401).
        Optional<StateBackendKind> backend = app.plans().stream()
                .map(p -> p.statementKeys().get(StatementKeys.STATE_BACKEND)).filter(v -> v != null).findFirst()
                .flatMap(StateBackendKind::parse);
        return new JobSettings(needed ? Optional.of(explicit.orElse(DEFAULT_INTERVAL)) : Optional.empty(), backend);
    }

    private static boolean needsCheckpoints(StatementPlan plan) {
        return plan.sink().map(s -> s.provider().needsCheckpoints()).orElse(false) || PlanNodes.readsUnbounded(plan.root());
    }

    /** Restarts from the last checkpoint at most this often before the job fails (unless the caller chose). */
    static final int RESTART_ATTEMPTS = 10;
    static final Duration RESTART_DELAY = Duration.ofSeconds(2);

    public void applyTo(StreamExecutionEnvironment env) {
        stateBackend.ifPresent(kind -> {
            Configuration backend = new Configuration();
            backend.set(StateBackendOptions.STATE_BACKEND, kind.flinkName());
            if (kind == StateBackendKind.ROCKSDB) {
                // A GROUP BY meets most keys for the first time, and without bloom filters each such miss reads the
                // index and data blocks of every level. Named by its key: the planner does not depend on the RocksDB
                // backend (velo-cli and clusters bring it).
                backend.setString(ROCKSDB_BLOOM_FILTER, "true");
                // Each SST file's index and (full) filter is one block of about 1 MB per million keys; they live in the
                // block cache's small high-priority pool, carved from the slot's managed memory. Once the state has
                // more keys than that pool holds filters for, every get evicts and re-reads whole blocks (5 M keys:
                // ~1 MB read per row, 100 rows/s). Partitioned, only the small top level stays pinned and a get
                // reads one 4 KiB index and filter partition, cached like data blocks (docs/cluster.md).
                backend.setString(ROCKSDB_PARTITIONED_INDEX_FILTERS, "true");
            }
            env.configure(backend);
        });
        checkpointInterval.ifPresent(interval -> {
            env.enableCheckpointing(interval.toMillis());
            // Flink's default with checkpoints restarts without limit, so a job that keeps failing would keep
            // `velo run` waiting for ever; after a bounded number of restarts it fails and says why.
            if (env.getConfiguration().getOptional(RestartStrategyOptions.RESTART_STRATEGY).isEmpty()) {
                Configuration restarts = new Configuration();
                restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
                restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
                restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, RESTART_DELAY);
                env.configure(restarts);
            }
        });
    }
}
