package dev.veloflink.e2e.state;

import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunResult;
import dev.veloflink.planner.run.RunningJob;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.BufferedWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.veloflink.e2e.state.StateTestRuns.awaitLines;
import static dev.veloflink.e2e.state.StateTestRuns.load;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An embedded run whose state is far over the 5 MB that Flink's default (JobManager memory) checkpoint storage takes:
 * 150,000 groups of a GROUP BY over a watched file. Its checkpoints must complete, none fail, so the job never
 * restarts and reloads. Checked through the embedded cluster's REST API, as a user of the Flink UI would see it.
 */
@Timeout(180)
class LargeStateCheckpointITCase {
    private static final int GROUPS = 150_000;
    private static final long FIVE_MEGABYTES = 5L * 1024 * 1024;
    private static final Pattern LATEST_SIZE = Pattern.compile(
            "\"latest\":\\{\"completed\":\\{[^}]*?\"state_size\":(\\d+)");

    @TempDir
    Path dir;

    @Test
    void checkpointsOfAStateOverFiveMegabytesComplete() throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("events.csv"), StandardCharsets.UTF_8)) {
            out.write("user_id,amount\n");
            for (int i = 0; i < GROUPS; i++) {
                out.write("user-with-a-longish-name-" + i + "," + (i % 97) + "\n");
            }
        }
        Files.writeString(dir.resolve("app.sql"), """
                CREATE STREAM totals AS
                SELECT user_id, COUNT(*) AS events, SUM(amount) AS total
                FROM events
                GROUP BY user_id
                EMIT CHANGES
                WITH ('events.type' = 'file_source', 'events.path' = './events.csv', 'events.watching' = 'true',
                      'checkpoint.interval' = '500ms',
                      'totals.type' = 'file_sink', 'totals.path' = './output/totals.csv');
                """);
        LoadedApplication app = load(dir);

        int port = freePort();
        AtomicReference<JobClient> submitted = new AtomicReference<>();
        RunningJob job = new EmbeddedRunner(app, new RunOptions(1, null), new EmbeddedRunner.RunHook() {
            @Override
            public void configure(Configuration configuration) {
                configuration.set(RestOptions.BIND_PORT, Integer.toString(port));
            }

            @Override
            public void submitted(JobClient client) {
                submitted.set(client);
            }
        }).start();
        try {
            awaitLines(dir.resolve("output/totals.csv"), GROUPS + 1, Duration.ofSeconds(90));
            String url = "http://127.0.0.1:" + port + "/jobs/" + submitted.get().getJobID() + "/checkpoints";
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String stats = "";
            long size = 0;
            while (System.nanoTime() < deadline) {
                stats = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher latest = LATEST_SIZE.matcher(stats);
                size = latest.find() ? Long.parseLong(latest.group(1)) : 0;
                if (size > FIVE_MEGABYTES) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(size).as(stats).isGreaterThan(FIVE_MEGABYTES);
            // No failure, so no restart (which would reload the input): a failed checkpoint of the old memory
            // storage failed the job.
            String exceptions = http.send(HttpRequest.newBuilder(URI.create(url.replace("/checkpoints",
                    "/exceptions"))).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(exceptions).contains("\"exceptionHistory\":{\"entries\":[]");
            assertThat(EmbeddedRunner.checkpointDirectoryOf(app)
                    .resolve(submitted.get().getJobID().toString())).isDirectory();
        } finally {
            job.stopWithSavepoint(false).get(60, TimeUnit.SECONDS);
        }
        RunResult result = job.await();
        assertThat(result.failure()).isEmpty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
