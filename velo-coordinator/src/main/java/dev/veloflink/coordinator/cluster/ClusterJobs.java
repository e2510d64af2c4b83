package dev.veloflink.coordinator.cluster;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.VeloJobParameters;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.rest.messages.JobConfigHeaders;
import org.apache.flink.runtime.rest.messages.JobConfigInfo;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The velo jobs of one Flink cluster and what can be done with them ({@code velo jobs}, {@code status}, {@code stop},
 * {@code cancel}), all through Flink's {@link RestClusterClient}. A velo job is told from other jobs by the global
 * job parameters every velo job carries ({@link VeloJobParameters}): its application and statements.
 */
public final class ClusterJobs implements AutoCloseable {
    private static final String APPLICATION = VeloJobParameters.APPLICATION;
    private static final String STATEMENTS = VeloJobParameters.STATEMENTS;
    /** How long one REST request may take. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long a stop with a savepoint may take. */
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(5);

    private final ClusterTarget target;
    private final RestClusterClient<StandaloneClusterId> client;

    private ClusterJobs(ClusterTarget target, RestClusterClient<StandaloneClusterId> client) {
        this.target = target;
        this.client = client;
    }

    /** Connects to the cluster; fails with one line naming the address when it does not answer. */
    public static ClusterJobs connect(ClusterTarget target) throws ClusterException {
        target.requireReachable();
        return new ClusterJobs(target, target.client());
    }

    /**
     * Makes a job's configuration fit a cluster: the cluster's own checkpoint folder, not the local temp folder an
     * embedded run uses (set it on the cluster: {@code execution.checkpointing.dir}).
     */
    public static void configure(Configuration jobConfiguration) {
        jobConfiguration.removeConfig(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
    }

    /** Submits the application and returns as soon as the cluster has accepted it ({@code velo submit --detach}). */
    public static JobID submitDetached(LoadedApplication app, RunOptions options, ClusterTarget target)
            throws Exception {
        EmbeddedRunner.RunHook hook = new EmbeddedRunner.RunHook() {
            @Override
            public void configure(Configuration configuration) {
                ClusterJobs.configure(configuration);
            }

            @Override
            public StreamExecutionEnvironment environment(int parallelism, Configuration configuration) {
                return target.environment(parallelism, configuration, false);
            }
        };
        return new EmbeddedRunner(app, options, hook).start().client().getJobID();
    }

    /** One velo job as {@code velo jobs} lists it. */
    public record JobRow(JobID id, String application, List<String> statements, JobStatus state, long startTime) {
    }

    /** The velo jobs on the cluster, newest first. */
    public List<JobRow> list() throws ClusterException {
        Collection jobs = await(listJobs(), "list the jobs");
        List<JobRow> rows = new ArrayList<>();
        for (JobStatusMessage job : jobs.jobs()) {
            Map<String, String> parameters = parametersOf(job.getJobId());
            if (parameters.containsKey(APPLICATION)) {
                rows.add(new JobRow(job.getJobId(), parameters.get(APPLICATION), statementsOf(parameters),
                        job.getJobState(), job.getStartTime()));
            }
        }
        rows.sort(Comparator.comparingLong(JobRow::startTime).reversed());
        return rows;
    }

    /**
     * What {@code velo status} shows of one job: its row, its counters (accumulators) so far, and its tables' phases
     * and progress from the job's metrics (none once the job has ended: the cluster drops an ended job's metrics).
     */
    public record JobReport(JobRow row, Map<String, Object> counters, List<TableStatus> tables) {
    }

    public JobReport status(String job) throws ClusterException {
        JobRow row = find(job);
        Map<String, Object> counters = await(client.getAccumulators(row.id(),
                Thread.currentThread().getContextClassLoader()), "read the counters of job " + row.id());
        // Borrows this client (not closed here).
        ClusterMetrics metrics = new ClusterMetrics(client).follow(row.id());
        metrics.refresh();
        return new JobReport(row, counters, TableStatus.of(metrics));
    }

    /**
     * Stops a running job with a savepoint into {@code directory} (a path or a URI), else into the cluster's
     * {@code execution.checkpointing.savepoint-dir}; returns the savepoint's location. With {@code drain} the
     * sources end first, so open windows fire (STOP JOB ... DRAIN).
     */
    public String stop(String job, Optional<String> directory, boolean drain) throws ClusterException {
        JobRow row = requireRunning(find(job));
        String into = directory.map(ClusterJobs::asUri).orElse(null);
        return await(client.stopWithSavepoint(row.id(), drain, into, SavepointFormatType.CANONICAL),
                "stop job " + row.id() + " with a savepoint", SAVEPOINT_TIMEOUT);
    }

    /** Cancels a running job (no savepoint) and waits until it has ended. */
    public JobRow cancel(String job) throws ClusterException {
        JobRow row = requireRunning(find(job));
        await(client.cancel(row.id()), "cancel job " + row.id());
        long deadline = System.nanoTime() + SAVEPOINT_TIMEOUT.toNanos();
        while (!await(client.getJobStatus(row.id()), "read the state of job " + row.id()).isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new ClusterException("job " + row.id() + " was asked to cancel but has not ended within "
                        + SAVEPOINT_TIMEOUT.toMinutes() + " minutes");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClusterException("interrupted while waiting for job " + row.id() + " to cancel");
            }
        }
        return row;
    }

    /**
     * The job a user named: a job id (32 hex digits), or the name of an application with exactly one running job.
     */
    JobRow find(String job) throws ClusterException {
        List<JobRow> rows = list();
        if (job.matches("[0-9a-fA-F]{32}")) {
            JobID id = JobID.fromHexString(job.toLowerCase());
            return rows.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() -> new ClusterException(
                    "no velo job " + job + " on the cluster at " + target.url() + " (velo jobs --cluster "
                            + target.url() + " lists them)"));
        }
        List<JobRow> running = rows.stream().filter(r -> r.application().equals(job) && !r.state().isTerminalState())
                .toList();
        if (running.size() == 1) {
            return running.get(0);
        }
        if (running.isEmpty()) {
            throw new ClusterException("no running velo job named " + job + " on the cluster at " + target.url()
                    + " (a job is its 32-digit id or its application's name; velo jobs --cluster " + target.url()
                    + " lists them)");
        }
        throw new ClusterException(running.size() + " running jobs of application " + job + ": name one by its id ("
                + String.join(", ", running.stream().map(r -> r.id().toString()).toList()) + ")");
    }

    private static JobRow requireRunning(JobRow row) throws ClusterException {
        if (row.state().isGloballyTerminalState()) {
            throw new ClusterException("job " + row.id() + " (" + row.application() + ") has already ended: "
                    + row.state());
        }
        return row;
    }

    private Map<String, String> parametersOf(JobID id) throws ClusterException {
        JobMessageParameters parameters = JobConfigHeaders.getInstance().getUnresolvedMessageParameters();
        parameters.jobPathParameter.resolve(id);
        JobConfigInfo config = await(client.sendRequest(JobConfigHeaders.getInstance(), parameters,
                org.apache.flink.runtime.rest.messages.EmptyRequestBody.getInstance()), "read the config of job " + id);
        return config.getExecutionConfigInfo() == null || config.getExecutionConfigInfo().getGlobalJobParameters() == null
                ? Map.of() : config.getExecutionConfigInfo().getGlobalJobParameters();
    }

    private static List<String> statementsOf(Map<String, String> parameters) {
        String statements = parameters.getOrDefault(STATEMENTS, "");
        return statements.isEmpty() ? List.of() : Arrays.asList(statements.split(","));
    }

    private record Collection(java.util.Collection<JobStatusMessage> jobs) {
    }

    private CompletableFuture<Collection> listJobs() {
        try {
            return client.listJobs().thenApply(Collection::new);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> T await(CompletableFuture<T> future, String what) throws ClusterException {
        return await(future, what, REQUEST_TIMEOUT);
    }

    private <T> T await(CompletableFuture<T> future, String what, Duration timeout) throws ClusterException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ClusterException("cannot " + what + " on " + target.url() + ": no answer within "
                    + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new ClusterException("cannot " + what + " on " + target.url() + ": " + ClusterException.rootOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while trying to " + what);
        }
    }

    /** Flink wants a savepoint folder as a URI; a plain path is a local (or shared) folder. */
    private static String asUri(String directory) {
        return directory.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") ? directory
                : java.nio.file.Path.of(directory).toAbsolutePath().normalize().toUri().toString();
    }

    public ClusterTarget target() {
        return target;
    }

    @Override
    public void close() {
        client.close();
    }
}
