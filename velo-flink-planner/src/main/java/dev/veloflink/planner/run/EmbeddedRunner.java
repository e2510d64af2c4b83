package dev.veloflink.planner.run;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.StatementPlan;
import dev.veloflink.planner.plan.JobContext;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

/**
 * Runs an application as one Flink job (a statement set, SPEC §1.5) on an embedded MiniCluster, waits for it to end,
 * and reads the final counters from the job's accumulators.
 */
public final class EmbeddedRunner {
    private final LoadedApplication app;
    private final RunOptions options;

    public EmbeddedRunner(LoadedApplication app, RunOptions options) {
        this.app = app;
        this.options = options;
    }

    /** Adds every statement of the application to {@code env}: its operators and its sink. */
    public static void addTo(StreamExecutionEnvironment env, LoadedApplication app) {
        JobSettings.of(app).applyTo(env);
        JobContext job = new JobContext(env);
        for (StatementPlan plan : app.plans()) {
            DataStream<Row> rows = job.statementOutput(plan.name(), () -> plan.root().build(job));
            plan.sink().ifPresent(sink -> sink.attach(rows, plan.jobName()));
        }
    }

    public RunResult run() {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_PORT, "0");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
                Math.max(1, options.parallelism()), configuration);
        // Flink SQL runs with object reuse; our operators never keep references to their input rows.
        env.getConfig().enableObjectReuse();
        addTo(env, app);
        long start = System.nanoTime();
        JobClient client;
        try {
            client = env.executeAsync(app.appName());
        } catch (Exception e) {
            return failed(start, Map.of(), oneLine(e));
        }
        Thread cancelOnInterrupt = new Thread(() -> client.cancel().join(), "velo-shutdown");
        Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
        try {
            JobExecutionResult result = client.getJobExecutionResult().get();
            Map<String, Object> counters = new TreeMap<>(result.getAllAccumulatorResults());
            long millis = (System.nanoTime() - start) / 1_000_000;
            MetricsFile.write(options.metricsFile(), counters,
                    app.plans().stream().flatMap(p -> p.metrics().stream()).toList());
            return new RunResult(Summary.lines(app, counters, millis), counters, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(start, Map.of(), "interrupted");
        } catch (ExecutionException e) {
            return failed(start, Map.of(), oneLine(e));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting (Ctrl-C); the hook cancels the job.
            }
        }
    }

    private RunResult failed(long start, Map<String, Object> counters, String reason) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<String> lines = new ArrayList<>(Summary.lines(app, counters, millis));
        return new RunResult(lines, counters, Optional.of(reason));
    }

    /**
     * The deepest cause that says something a user understands: our own E5xx messages, else the root cause.
     */
    static String oneLine(Throwable error) {
        Throwable cause = error;
        String best = null;
        while (cause != null) {
            String message = cause.getMessage();
            if (message != null && message.matches("(?s)^E5\\d\\d .*")) {
                best = message;
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        if (best == null) {
            best = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        int newline = best.indexOf('\n');
        return "job failed: " + (newline < 0 ? best : best.substring(0, newline));
    }
}
