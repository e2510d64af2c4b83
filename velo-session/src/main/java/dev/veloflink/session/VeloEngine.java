package dev.veloflink.session;

import dev.veloflink.coordinator.SessionTableLoads;
import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.planner.StatementPlan;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What all sessions of one process share: the cluster their jobs run on, the streams and tables created so far
 * (statements of later sessions can read them), and the jobs started. The SQL Gateway endpoint has one engine for
 * all its client sessions; {@code velo sql} has one with one session.
 */
public final class VeloEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VeloEngine.class);
    /**
     * A CREATE that runs: its parsed statement (later statements are planned together with it), its plan, its job,
     * and for a table on the embedded cluster the load progress of its job.
     */
    public record Relation(String name, Statement.Create statement, String text, StatementPlan plan, SessionJob job,
                           Optional<SessionTableLoads.Load> load) {
        public String kind() {
            return statement.kind().name().toLowerCase(Locale.ROOT);
        }
    }

    private final FlinkCluster cluster;
    private final Path workDir;
    private final Map<String, Relation> relations = new LinkedHashMap<>();
    private final List<SessionJob> jobs = new ArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    /** Completes with the warm-up's summary line when it ends (also when it failed); never for a remote cluster. */
    private final CompletableFuture<String> warmedUp = new CompletableFuture<>();
    private volatile boolean warmingUp;

    public VeloEngine(FlinkCluster cluster, Path workDir) {
        this.cluster = cluster;
        this.workDir = workDir.toAbsolutePath().normalize();
    }

    public FlinkCluster cluster() {
        return cluster;
    }

    /** Relative paths in statements resolve against this folder. */
    public Path workDir() {
        return workDir;
    }

    public VeloSession openSession() {
        return new VeloSession(this, "session-" + sessions.incrementAndGet(), true);
    }

    /**
     * Starts the cluster and runs one tiny query ({@code LIMIT 1} over a one-row file) in the background, not listed
     * in SHOW JOBS, so that the user's first query does not pay what every first job in a fresh JVM pays: loading
     * the planner's, the client's and the runtime's classes, starting the cluster and deploying its first job
     * (measured: a first query that ran into this took 5-19 s, the next ones about 1 s). Front-ends wait for it
     * ({@link #awaitWarmUp}) before they take statements, so a user's first query is as fast as the ones after it.
     * Logs how long the cluster start and the warm-up query took; a failure is logged and otherwise ignored (the
     * first real statement then reports the cause). Only for an embedded cluster.
     */
    public void warmUpInBackground() {
        if (!cluster.isEmbedded()) {
            return; // a user's cluster gets no job the user did not ask for
        }
        warmingUp = true;
        Thread warmUp = new Thread(() -> {
            long start = System.nanoTime();
            String summary;
            try {
                cluster.address();
                long started = System.nanoTime();
                Path file = Files.createTempFile("velo-warm-up", ".csv");
                try {
                    Files.writeString(file, "n\n1\n");
                    VeloSession session = new VeloSession(this, "warm-up", false);
                    StatementResult.Query query = (StatementResult.Query) session.execute("SELECT n FROM warm_up "
                            + "LIMIT 1 WITH ('warm_up.type' = 'file_source', 'warm_up.path' = '" + file + "')");
                    try (RowCursor cursor = query.cursor()) {
                        while (cursor.hasNext()) {
                            cursor.next();
                        }
                    }
                } finally {
                    Files.deleteIfExists(file);
                }
                summary = String.format(Locale.ROOT, "%s started in %d ms, warm-up query (plan, deploy, first row) "
                        + "in %d ms", cluster.describe(), (started - start) / 1_000_000,
                        (System.nanoTime() - started) / 1_000_000);
                LOG.info("velo warm-up: {}", summary);
            } catch (Exception e) {
                summary = "warm-up did not complete (the first statement reports why): " + e.getMessage();
                LOG.warn("velo {}", summary);
            }
            warmedUp.complete(summary);
        }, "velo-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /**
     * Waits until the warm-up has ended, at most {@code max}; its summary line, or empty when there is no warm-up
     * (a remote cluster, or none was started) or it did not end in time.
     */
    public Optional<String> awaitWarmUp(Duration max) {
        if (!warmingUp) {
            return Optional.empty();
        }
        try {
            return Optional.of(warmedUp.get(max.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.empty(); // never completed exceptionally
        }
    }

    synchronized List<Relation> relations() {
        return List.copyOf(relations.values());
    }

    synchronized Optional<Relation> relation(String name) {
        return Optional.ofNullable(relations.get(name.toLowerCase(Locale.ROOT)));
    }

    synchronized void register(Relation relation) {
        relations.put(relation.name().toLowerCase(Locale.ROOT), relation);
        jobs.add(relation.job());
    }

    synchronized void register(SessionJob job) {
        jobs.add(job);
    }

    synchronized List<SessionJob> jobs() {
        return List.copyOf(jobs);
    }

    /** A job by its name or its Flink job id; the newest of that name when a name was used twice. */
    synchronized Optional<SessionJob> job(String nameOrId) {
        for (int i = jobs.size() - 1; i >= 0; i--) {
            SessionJob job = jobs.get(i);
            if (job.name().equalsIgnoreCase(nameOrId) || job.jobId().equalsIgnoreCase(nameOrId)) {
                return Optional.of(job);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
