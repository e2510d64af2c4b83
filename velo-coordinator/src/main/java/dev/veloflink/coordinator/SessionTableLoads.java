package dev.veloflink.coordinator;

import dev.veloflink.planner.LoadedApplication;
import org.apache.flink.configuration.Configuration;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Table load progress for an embedded cluster that runs many jobs, one after the other ({@code velo sql} and the SQL
 * Gateway endpoint): the cluster's jobs report their {@code velo_*} metrics here ({@link #configure}), and each
 * followed job's tables are sampled every half second by the same rules as {@code velo run}'s progress lines
 * (SPEC §13: phase, rows, rate, bulk position and ETA), until they are ready or the job has ended.
 */
public final class SessionTableLoads implements AutoCloseable {
    private static final long TICK_MILLIS = 500;

    private final LiveMetrics metrics = new LiveMetrics(Set.of(), Set.of());
    private final String registryId = ReporterHandoff.register(metrics);
    private final List<Load> followed = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "velo-table-loads");
        thread.setDaemon(true);
        return thread;
    });

    public SessionTableLoads() {
        ticker.scheduleWithFixedDelay(() -> followed.forEach(Load::tick), TICK_MILLIS, TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Makes the jobs of a MiniCluster started with this configuration report to here. */
    public void configure(Configuration miniCluster) {
        VeloMetricReporter.configure(miniCluster, registryId);
    }

    /**
     * Follows the tables one job loads, from its submission now. {@code jobEnded}: empty while the job runs, else
     * whether it finished (true) or failed (false).
     */
    public Load follow(LoadedApplication app, String jobId, Supplier<Optional<Boolean>> jobEnded) {
        Load load = new Load(new TableWatch(app, family -> metrics.readings(family, jobId), System.nanoTime()),
                jobEnded);
        followed.add(load);
        return load;
    }

    /** One job's tables. */
    public final class Load {
        private final TableWatch watch;
        private final Supplier<Optional<Boolean>> jobEnded;
        private volatile List<TableProgress> latest = List.of();

        private Load(TableWatch watch, Supplier<Optional<Boolean>> jobEnded) {
            this.watch = watch;
            this.jobEnded = jobEnded;
        }

        /**
         * The progress of one table of this job, as last sampled (empty before its first sample). Once READY it is
         * the progress at that moment (rows, time to ready); {@link #rowsNow} goes on counting.
         */
        public Optional<TableProgress> table(String name) {
            return latest.stream().filter(t -> t.table().equalsIgnoreCase(name)).findFirst();
        }

        /** The rows loaded into the table so far, also in its incremental phase. */
        public long rowsNow(String name) {
            return table(name).map(t -> watch.rowsOf(t.table())).orElse(0L);
        }

        private synchronized void tick() {
            Optional<Boolean> ended = jobEnded.get();
            latest = watch.update(System.nanoTime(), ended);
            if (ended.isPresent()) {
                followed.remove(this); // the job has ended: its tables' progress does not change any more
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        ReporterHandoff.unregister(registryId);
    }
}
