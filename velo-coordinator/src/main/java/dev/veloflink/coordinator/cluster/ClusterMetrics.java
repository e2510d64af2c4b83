package dev.veloflink.coordinator.cluster;

import dev.veloflink.coordinator.MetricReadings;
import dev.veloflink.metrics.VeloLabels;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.rest.messages.ClusterConfigurationInfoHeaders;
import org.apache.flink.runtime.rest.messages.ConfigurationInfo;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobVertexMessageParameters;
import org.apache.flink.runtime.rest.messages.SubtasksTimesHeaders;
import org.apache.flink.runtime.rest.messages.SubtasksTimesInfo;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.metrics.JobVertexMetricsHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.JobVertexMetricsMessageParameters;
import org.apache.flink.runtime.rest.messages.job.metrics.Metric;
import org.apache.flink.runtime.rest.messages.job.metrics.MetricsFilterParameter;

import org.apache.flink.util.TimeUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code velo_*} metrics of one job on a Flink cluster, read through the cluster's REST API (Flink's
 * {@link RestClusterClient}, the job vertex metrics messages): what the in-process reporter gives the coordinator
 * embedded, so table progress, readiness and {@code table.ready.timeout} work on a cluster too.
 *
 * <p>The JobManager's metric store names a subtask's operator metric {@code <subtask>.<operator>.<group>...<name>},
 * with {@code ' '}, {@code '.'}, {@code ':'} and {@code ','} in every part replaced by {@code _}. velo registers its
 * metrics in {@code addGroup(key, value)} pairs, after the {@link VeloLabels#GROUP} marker for counters, so the
 * parts between the operator and the name are the labels. The JobManager fetches the TaskManagers' metrics at most
 * every {@code metrics.fetcher.update-interval} (Flink's default 10 s; {@code velo cluster start} sets 1 s), so
 * readings are that old at most.
 *
 * <p>Readings are taken only once every task of the job has run for two such intervals (a snapshot taken while tasks
 * still deploy can hold a table source's metrics without those of the join that waits for the table), and not while
 * the job restarts. A metric that is no longer reported (its task ended, or the job did and the store dropped it) keeps its last
 * value, so totals never go backwards. Not thread-safe for concurrent refreshes; the coordinator's one ticker
 * refreshes while readers read a consistent copy.
 */
public final class ClusterMetrics implements MetricReadings, AutoCloseable {
    /** One request: a tick must not hang on a slow cluster. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Metric ids per values request: the ids travel in the query string. */
    private static final int IDS_PER_REQUEST = 40;

    private final RestClusterClient<?> client;
    private volatile JobID job;
    /** The cluster's {@code metrics.fetcher.update-interval}, asked once; null until known. */
    private Duration fetchInterval;
    /** Whether every task has run long enough for the JobManager's store to hold all of their metrics. */
    private boolean settled;
    /** The last value of every metric seen, by vertex and metric id, in the order first seen. */
    private volatile Map<String, Reading> known = Map.of();

    /** Reads through {@code client}, which {@link #close} closes (a caller that keeps its client does not close). */
    public ClusterMetrics(RestClusterClient<?> client) {
        this.client = client;
    }

    /** Reads the metrics of this job from now on (until then there are none). */
    public ClusterMetrics follow(JobID job) {
        this.job = job;
        return this;
    }

    @Override
    public List<Reading> readings(String family) {
        List<Reading> readings = new ArrayList<>();
        for (Reading reading : known.values()) {
            if (reading.family().equals(family)) {
                readings.add(reading);
            }
        }
        return readings;
    }

    /**
     * Asks the cluster for the current values. A failed or slow request leaves the last values; the next refresh
     * tries again.
     */
    @Override
    public void refresh() {
        JobID following = job;
        if (following == null) {
            return;
        }
        try {
            if (fetchInterval == null) {
                fetchInterval = fetchInterval();
            }
            JobDetailsInfo details = await(client.getJobDetails(following));
            List<JobVertexID> vertices = details.getJobVertexInfos().stream()
                    .map(JobDetailsInfo.JobVertexDetailsInfo::getJobVertexID).toList();
            settled = allRunning(details) && (settled || settled(following, vertices));
            if (!settled) {
                // The JobManager's store may still hold a TaskManager dump from before the last task started: a table
                // source reporting its phase without the join that waits for the table would look ready.
                return;
            }
            Map<String, Reading> next = new LinkedHashMap<>(known);
            for (JobVertexID vertex : vertices) {
                List<String> ids = values(following, vertex, List.of()).stream().map(Metric::getId)
                        .filter(ClusterMetrics::isVelo).toList();
                for (int from = 0; from < ids.size(); from += IDS_PER_REQUEST) {
                    List<String> batch = ids.subList(from, Math.min(ids.size(), from + IDS_PER_REQUEST));
                    for (Metric metric : values(following, vertex, batch)) {
                        Reading reading = reading(metric.getId(), metric.getValue());
                        if (reading != null) {
                            next.put(vertex + "/" + metric.getId(), reading);
                        }
                    }
                }
            }
            known = next;
        } catch (TimeoutException | ExecutionException e) {
            // The job is still being scheduled (no vertices yet) or the cluster answers late: keep the last values.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether every task of the job runs or has finished (none is being scheduled, deployed or restarted). */
    private static boolean allRunning(JobDetailsInfo details) {
        return details.getJobVertexInfos().stream().allMatch(vertex -> vertex.getTasksPerState().entrySet().stream()
                .allMatch(tasks -> tasks.getValue() == 0 || tasks.getKey() == ExecutionState.RUNNING
                        || tasks.getKey() == ExecutionState.FINISHED));
    }

    /**
     * Whether the last task of the job started running two fetch intervals ago, by the cluster's clock: the store is
     * updated asynchronously after a request finds it older than one interval, so after two it holds a dump taken
     * after every task had registered its metrics.
     */
    private boolean settled(JobID following, List<JobVertexID> vertices)
            throws TimeoutException, ExecutionException, InterruptedException {
        for (JobVertexID vertex : vertices) {
            JobVertexMessageParameters parameters = SubtasksTimesHeaders.getInstance().getUnresolvedMessageParameters();
            parameters.jobPathParameter.resolve(following);
            parameters.jobVertexIdPathParameter.resolve(vertex);
            SubtasksTimesInfo times = await(client.sendRequest(SubtasksTimesHeaders.getInstance(), parameters,
                    EmptyRequestBody.getInstance()));
            for (SubtasksTimesInfo.SubtaskTimeInfo subtask : times.getSubtasks()) {
                Long running = subtask.getTimestamps().get(ExecutionState.RUNNING);
                if (running == null || running <= 0
                        || times.getNow() - running < 2 * fetchInterval.toMillis()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The cluster's {@code metrics.fetcher.update-interval}, Flink's default when it does not set one. */
    private Duration fetchInterval() throws TimeoutException, ExecutionException, InterruptedException {
        ConfigurationInfo config = await(client.sendRequest(ClusterConfigurationInfoHeaders.getInstance(),
                EmptyMessageParameters.getInstance(), EmptyRequestBody.getInstance()));
        String key = MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL.key();
        return config.stream().filter(entry -> entry.getKey().equals(key)).findFirst()
                .map(entry -> TimeUtils.parseDuration(entry.getValue()))
                .orElse(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL.defaultValue());
    }

    /** The metrics of a vertex's subtasks: with no ids, the ids available (without values); else those ids' values. */
    private List<Metric> values(JobID following, JobVertexID vertex, List<String> ids)
            throws TimeoutException, ExecutionException, InterruptedException {
        JobVertexMetricsMessageParameters parameters = JobVertexMetricsHeaders.getInstance()
                .getUnresolvedMessageParameters();
        parameters.jobPathParameter.resolve(following);
        parameters.jobVertexIdPathParameter.resolve(vertex);
        if (!ids.isEmpty()) {
            // The filter ("get") is private to the parameters; it is their one query parameter of its type.
            parameters.getQueryParameters().stream().filter(MetricsFilterParameter.class::isInstance)
                    .map(MetricsFilterParameter.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Flink's vertex metrics request has no 'get' filter"))
                    .resolve(ids);
        }
        return List.copyOf(await(client.sendRequest(JobVertexMetricsHeaders.getInstance(), parameters,
                EmptyRequestBody.getInstance())).getMetrics());
    }

    /** Whether a vertex metric id is one of velo's: its last part is a {@code velo_*} name. */
    static boolean isVelo(String id) {
        return VeloLabels.isVelo(id.substring(id.lastIndexOf('.') + 1));
    }

    /**
     * A reading from a vertex metric id ({@code 0.Source__orders.table.orders.velo_table_phase}) and its value as
     * text, or null for an id that is not a subtask's operator metric. Numbers become Long (integers) or Double;
     * anything else stays text ({@code velo_table_bulk_position}).
     */
    static Reading reading(String id, String value) {
        List<String> parts = Arrays.asList(id.split("\\.", -1));
        if (parts.size() < 3) {
            return null; // a task-level metric (<subtask>.<name>): velo registers on operators only
        }
        List<String> groups = parts.subList(2, parts.size() - 1);
        if (groups.size() % 2 == 1) {
            // Counters come after velo's marker group; another odd group is not a label.
            groups = groups.subList(1, groups.size());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < groups.size(); i += 2) {
            labels.put(groups.get(i), groups.get(i + 1));
        }
        String family = parts.get(parts.size() - 1);
        return new Reading(family, labels, parse(value), family.endsWith("_total"));
    }

    private static Object parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notLong) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException text) {
                return value;
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future)
            throws TimeoutException, ExecutionException, InterruptedException {
        return future.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        client.close();
    }
}
