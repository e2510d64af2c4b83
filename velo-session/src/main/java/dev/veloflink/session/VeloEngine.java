package dev.veloflink.session;

import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.planner.StatementPlan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What all sessions of one process share: the cluster their jobs run on, the streams and tables created so far
 * (statements of later sessions can read them), and the jobs started. The SQL Gateway endpoint has one engine for
 * all its client sessions; {@code velo sql} has one with one session.
 */
public final class VeloEngine implements AutoCloseable {
    /** A CREATE that runs: its parsed statement (later statements are planned together with it) and its plan. */
    public record Relation(String name, Statement.Create statement, String text, StatementPlan plan, SessionJob job) {
        public String kind() {
            return statement.kind().name().toLowerCase(Locale.ROOT);
        }
    }

    private final FlinkCluster cluster;
    private final Path workDir;
    private final Map<String, Relation> relations = new LinkedHashMap<>();
    private final List<SessionJob> jobs = new ArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();

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
        return new VeloSession(this, "session-" + sessions.incrementAndGet());
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
