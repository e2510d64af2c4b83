package dev.veloflink.e2e.cluster;

import dev.veloflink.e2e.CommandResult;
import dev.veloflink.e2e.ExampleWorkspace;
import dev.veloflink.e2e.SpecExamples;
import dev.veloflink.e2e.VeloProcess;
import dev.veloflink.e2e.kafka.KafkaTestBroker;
import dev.veloflink.e2e.state.ResumableApp;
import org.apache.flink.client.cli.CliFrontend;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.veloflink.e2e.state.StateTestRuns.awaitLines;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * velo on a real standalone Flink cluster: {@code velo cluster start} starts one JobManager and two TaskManagers, each
 * its own JVM process from Flink's Maven jars (no velo class on their classpath); every job reaches them through
 * {@code velo submit} with the velo-flink-dist jar, and {@code velo jobs/status/stop/cancel} act on them.
 */
@Timeout(300)
class ClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern JOB_ID = Pattern.compile("job ([0-9a-f]{32})");

    @TempDir
    static Path home;

    @RegisterExtension
    static final KafkaTestBroker kafka = KafkaTestBroker.perTestClass();

    static String cluster;

    @TempDir
    Path workspace;

    @BeforeAll
    static void startCluster() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CommandResult started = CommandResult.velo("cluster", "start", "--taskmanagers", "2", "--slots", "2",
                "--rest-port", Integer.toString(port), "--dir", home.toString());
        assertThat(started.exitCode()).as(started.err()).isZero();
        cluster = "http://127.0.0.1:" + port;
        assertThat(started.out()).contains("REST and web UI: " + cluster).contains("logs: " + home.resolve("log"));

        // One JobManager and two TaskManagers, each its own live process, none of them this JVM.
        List<ProcessHandle> processes = clusterProcesses();
        assertThat(processes).hasSize(3).extracting(ProcessHandle::pid).doesNotHaveDuplicates()
                .doesNotContain(ProcessHandle.current().pid());
        assertThat(processes).allMatch(ProcessHandle::isAlive);
        assertThat(commandLine(processes.get(0))).contains("StandaloneSessionClusterEntrypoint");
        assertThat(commandLine(processes.get(1))).contains("TaskManagerRunner");
        assertThat(commandLine(processes.get(2))).contains("TaskManagerRunner");
        assertThat(commandLine(processes.get(1))).doesNotContain("velo-flink-");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        List<ProcessHandle> processes = clusterProcesses();
        CommandResult stopped = CommandResult.velo("cluster", "stop", "--dir", home.toString());
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        assertThat(stopped.out().lines().filter(line -> line.startsWith("velo: stopped the "))).hasSize(3);
        for (ProcessHandle process : processes) {
            assertThat(process.isAlive()).as("pid " + process.pid()).isFalse();
        }
    }

    static List<SpecExamples.Example> examples() {
        return SpecExamples.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void specExampleSubmittedToTheClusterWritesExactlyItsExpectedOutput(SpecExamples.Example example)
            throws Exception {
        ExampleWorkspace.copy("examples/spec", workspace);
        Path metrics = workspace.resolve("metrics.prom");

        CommandResult submitted = CommandResult.velo("submit", workspace.resolve(example.name() + ".sql").toString(),
                "--cluster", cluster, "--metrics-file", metrics.toString());

        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        String jobId = jobIdIn(submitted.err());
        assertThat(submitted.err()).contains("web UI: " + cluster + "/#/job/running/" + jobId + "/overview")
                .containsPattern("(?m)^\\w+: \\d+ records in, \\d+ records out, 0 bad records");
        SpecExamples.check(workspace, example, Files.readString(metrics));
    }

    @Test
    void stopWithASavepointThenResumingWritesWhatAnUninterruptedRunWrites() throws Exception {
        List<String> rows = ResumableApp.inputRows();
        Path uninterrupted = Files.createDirectories(workspace.resolve("uninterrupted"));
        Files.writeString(uninterrupted.resolve("app.sql"), ResumableApp.APP.formatted("false"));
        Files.writeString(uninterrupted.resolve("events.csv"), ResumableApp.csv(rows));
        CommandResult reference = CommandResult.velo("submit", uninterrupted.resolve("app.sql").toString(),
                "--cluster", cluster);
        assertThat(reference.exitCode()).as(reference.err()).isZero();
        String expectedTotals = Files.readString(uninterrupted.resolve("output/user_totals.csv"));
        String expectedMinutes = Files.readString(uninterrupted.resolve("output/user_minutes.csv"));

        Path interrupted = Files.createDirectories(workspace.resolve("interrupted"));
        Path app = interrupted.resolve("app.sql");
        Files.writeString(app, ResumableApp.APP.formatted("true"));
        Files.writeString(interrupted.resolve("events.csv"),
                ResumableApp.csv(rows.subList(0, ResumableApp.FIRST_HALF)));
        Path totals = interrupted.resolve("output/user_totals.csv");
        Path minutes = interrupted.resolve("output/user_minutes.csv");

        String first = submitDetached(app.toString(), "--parallelism", "2");
        awaitLines(totals, 1 + ResumableApp.FIRST_HALF, WAIT);
        awaitLines(minutes, 1 + ResumableApp.closedWindows(rows.subList(0, ResumableApp.FIRST_HALF)), WAIT);

        CommandResult jobs = CommandResult.velo("jobs", "--cluster", cluster);
        assertThat(jobs.exitCode()).as(jobs.err()).isZero();
        assertThat(jobs.out()).containsPattern("(?m)^app\tuser_totals,user_minutes\tRUNNING\t[0-9: -]+\t"
                + first + "$");
        CommandResult status = CommandResult.velo("status", first, "--cluster", cluster);
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("job " + first + ": app, RUNNING")
                .containsPattern("(?m)^user_totals: \\d+ records in, \\d+ records out, 0 bad records$");

        Path savepoints = workspace.resolve("savepoints");
        CommandResult stopped = CommandResult.velo("stop", first, "--savepoint", savepoints.toString(),
                "--cluster", cluster);
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        Path savepoint = Path.of(stopped.out().trim());
        assertThat(savepoint).isDirectory().startsWith(savepoints);
        String firstMinutes = Files.readString(minutes);
        assertThat(expectedMinutes).startsWith(firstMinutes).isNotEqualTo(firstMinutes);

        Files.writeString(interrupted.resolve("events.csv"), ResumableApp.secondHalfLines(),
                StandardOpenOption.APPEND);
        String resumed = submitDetached(app.toString(), "--parallelism", "2", "--from-savepoint",
                savepoint.toString());
        awaitLines(totals, 1 + ResumableApp.ROWS, WAIT);
        awaitLines(minutes, 1 + ResumableApp.closedWindows(rows), WAIT);
        CommandResult drained = CommandResult.velo("stop", resumed, "--drain", "--savepoint", savepoints.toString(),
                "--cluster", cluster);
        assertThat(drained.exitCode()).as(drained.err()).isZero();

        // At parallelism 2 the two subtasks of the GROUP BY interleave their keys in any order; each key's rows come
        // in order, and the window statement's ordered release makes its file exact byte for byte.
        assertThat(byKey(Files.readString(totals))).isEqualTo(byKey(expectedTotals));
        assertThat(Files.readString(totals).lines()).hasSameSizeAs(expectedTotals.lines().toList());
        assertThat(Files.readString(minutes)).isEqualTo(expectedMinutes);
    }

    /** The lines of a CSV file grouped by their first column, each group in file order; the header under "". */
    private static java.util.Map<String, List<String>> byKey(String csv) {
        java.util.Map<String, List<String>> groups = new java.util.TreeMap<>();
        List<String> lines = csv.lines().toList();
        groups.put("", List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            groups.computeIfAbsent(line.substring(0, line.indexOf(',')), k -> new ArrayList<>()).add(line);
        }
        return groups;
    }

    @Test
    void theStreamWaitsForTheBulkPhaseOfAKafkaTableOnTheCluster() throws Exception {
        Path app = kafkaTableJoin("kafka_table", "cluster_customers", List.of(
                new KafkaTestBroker.Message("C1", "{\"id\":\"C1\",\"name\":\"Alice\"}"),
                new KafkaTestBroker.Message("C2", "{\"id\":\"C2\",\"name\":\"Bob\"}"),
                new KafkaTestBroker.Message("C4", "{\"id\":\"C4\",\"name\":\"Dan\"}")),
                "order_id,customer_id\n1,C1\n2,C3\n3,C2\n4,C4\n");

        String job = submitDetached(app.toString(), "--parallelism", "2");
        try {
            // Every order whose customer is in the topic joins: the orders waited for the table's bulk phase (had
            // they not, they would have missed the empty table and been skipped). C3 is in no message: skipped.
            Path output = workspace.resolve("output/enriched.csv");
            awaitLines(output, 4, WAIT);
            assertThat(Files.readString(output).lines().skip(1).sorted().toList())
                    .containsExactly("1,Alice", "3,Bob", "4,Dan");
        } finally {
            CommandResult cancelled = CommandResult.velo("cancel", job, "--cluster", cluster);
            assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        }
    }

    /**
     * An application {@code <name>.sql} in the workspace: the orders of a watched file (so the job runs until stopped)
     * joined with a Kafka table of customers, from a new two-partition topic holding {@code customers}.
     */
    private Path kafkaTableJoin(String name, String topic, List<KafkaTestBroker.Message> customers, String orders)
            throws Exception {
        kafka.createTopic(topic, 2);
        kafka.produce(topic, customers);
        Files.writeString(workspace.resolve("orders.csv"), orders);
        Path app = workspace.resolve(name + ".sql");
        Files.writeString(app, """
                CREATE STREAM enriched AS
                SELECT o.order_id, c.name
                FROM orders o
                JOIN customers c ON o.customer_id = c.id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'orders.watching' = 'true', 'orders.polling_interval' = '100ms',
                      'customers.type' = 'kafka_source', 'customers.topic' = '%s',
                      'customers.bootstrap.servers' = '%s', 'customers.value.format' = 'json',
                      'customers.columns' = 'id STRING, name STRING', 'customers.key.fields' = 'id',
                      'enriched.type' = 'file_sink', 'enriched.path' = './output/enriched.csv');
                """.formatted(topic, kafka.bootstrap()));
        return app;
    }

    /**
     * Attached {@code velo submit} follows a Kafka table's load on the cluster through the REST API's metrics: the
     * ready line with the table's rows while the job runs (the job has not ended, so the count came from the
     * cluster), and {@code velo status} shows the table's phase and rows next to the statement's counts.
     */
    @Test
    void submitPrintsATablesReadyLineFromTheClusterAndStatusShowsItsPhase() throws Exception {
        Path app = kafkaTableJoin("progress", "cluster_progress_customers", List.of(
                new KafkaTestBroker.Message("C1", "{\"id\":\"C1\",\"name\":\"Alice\"}"),
                new KafkaTestBroker.Message("C2", "{\"id\":\"C2\",\"name\":\"Bob\"}"),
                new KafkaTestBroker.Message("C3", "{\"id\":\"C3\",\"name\":\"Cy\"}"),
                new KafkaTestBroker.Message("C4", "{\"id\":\"C4\",\"name\":\"Dan\"}")),
                "order_id,customer_id\n1,C1\n2,C4\n");
        Pattern ready = Pattern.compile("(?m)^velo: table 'customers' ready: 4 rows, \\d+ B in \\d+\\.\\ds$");

        try (VeloProcess submit = VeloProcess.start(workspace, "submit", app.toString(), "--cluster", cluster,
                "--parallelism", "2")) {
            // Its own JVM: starting it and planning come before the submission, so this waits twice as long.
            submit.awaitWhileRunning("the ready line", WAIT.multipliedBy(2), () -> ready.matcher(submit.log()).find());
            String job = jobIdIn(submit.log());
            awaitLines(workspace.resolve("output/enriched.csv"), 3, WAIT);

            CommandResult status = CommandResult.velo("status", job, "--cluster", cluster);
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).contains("job " + job + ": progress, RUNNING")
                    // Accumulators of running tasks reach the JobManager with heartbeats: counts so far.
                    .containsPattern("(?m)^enriched: \\d+ records in, \\d+ records out, 0 bad records$")
                    .containsPattern("(?m)^table customers: incremental phase \\(ready\\), 4 rows loaded$");

            submit.interrupt(); // Ctrl-C: stop with a savepoint
            assertThat(submit.awaitExit(WAIT)).as(submit.log()).isZero();
            assertThat(submit.log()).contains("velo: stopped with a savepoint: ")
                    .containsPattern("(?m)^enriched: \\d+ records in, 2 records out, 0 bad records");
            assertThat(ready.matcher(submit.log()).results().count()).as(submit.log()).isOne();
        }
    }

    /**
     * {@code table.ready.timeout} on a cluster: a JDBC table whose database does not answer (nothing listens on its
     * port; the circuit breaker keeps retrying) never becomes ready, so after the timeout the coordinator cancels the
     * job and {@code velo submit} fails with E501, as {@code velo run} does.
     */
    @Test
    void aTableNotReadyInTimeOnTheClusterFailsSubmitWithE501() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // closed again: nothing listens there
        }
        Files.writeString(workspace.resolve("orders.csv"), "order_id,customer_id\n1,C1\n");
        Path app = workspace.resolve("never_ready.sql");
        Files.writeString(app, """
                -- @app: never_ready
                -- @name: enrich
                CREATE STREAM enriched AS
                SELECT o.order_id, c.name
                FROM orders o JOIN customers c ON o.customer_id = c.customer_id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'orders.format' = 'csv',
                      'customers.type' = 'jdbc_source', 'customers.url' = 'jdbc:postgresql://127.0.0.1:%d/velo',
                      'customers.table' = 'customers', 'customers.columns' = 'customer_id VARCHAR, name VARCHAR',
                      'customers.key.fields' = 'customer_id', 'table.ready.timeout' = '3s',
                      'enriched.type' = 'file_sink', 'enriched.path' = './output/enriched.csv');
                """.formatted(closed));

        long start = System.nanoTime();
        CommandResult result = CommandResult.velo("submit", app.toString(), "--cluster", cluster);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).containsPattern("(?m)^velo: .*E501 table 'customers' not ready after 3s: bulk phase, "
                + "0 rows at 0 rows/s(, \\S+)? \\(statement 'enrich' waits for it; table.ready.timeout\\)")
                .contains("velo: table 'customers' failed to load: 0 rows in ");
        assertThat(seconds).isBetween(3L, WAIT.toSeconds());
        CommandResult jobs = CommandResult.velo("jobs", "--cluster", cluster);
        assertThat(jobs.out()).containsPattern("(?m)^never_ready\tenrich\tCANCELED\t");
    }

    @Test
    void cancelEndsARunningJobAndStopOfAnUnknownJobIsAClearError() throws Exception {
        Files.writeString(workspace.resolve("app.sql"), ResumableApp.APP.formatted("true"));
        Files.writeString(workspace.resolve("events.csv"), ResumableApp.csv(ResumableApp.inputRows()));
        String job = submitDetached(workspace.resolve("app.sql").toString());

        CommandResult cancelled = CommandResult.velo("cancel", job, "--cluster", cluster);
        assertThat(cancelled.exitCode()).as(cancelled.err()).isZero();
        assertThat(cancelled.err()).contains("cancelled job " + job);

        String unknown = "0123456789abcdef0123456789abcdef";
        CommandResult stop = CommandResult.velo("stop", unknown, "--cluster", cluster);
        assertThat(stop.exitCode()).isEqualTo(1);
        assertThat(stop.err().strip()).isEqualTo("velo: no velo job " + unknown + " on the cluster at " + cluster
                + " (velo jobs --cluster " + cluster + " lists them)");
        CommandResult stopEnded = CommandResult.velo("stop", job, "--cluster", cluster);
        assertThat(stopEnded.exitCode()).isEqualTo(1);
        assertThat(stopEnded.err().strip()).startsWith("velo: job " + job + " (app) has already ended: ");
    }

    @Test
    void aJobThatFailsOnTheClusterEndsSubmitWithItsRootCauseInOneLine() throws Exception {
        Path file = ExampleWorkspace.failingHello(workspace);

        CommandResult result = CommandResult.velo("submit", file.toString(), "--cluster", cluster);

        assertThat(result.exitCode()).isEqualTo(1);
        // The one failure line of velo run (RunFailure): the cause, what to do, the log file.
        assertThat(result.err().lines().filter(line -> line.startsWith("velo: E503 ")).toList())
                .singleElement().asString().containsPattern("^velo: E503 .*orders.csv:3.*type_error.*; details in ");
    }

    @Test
    void flinkRunRunsAnApplicationWithTheJarsMainClass() throws Exception {
        ExampleWorkspace.copy("examples/spec", workspace);
        SpecExamples.Example example = SpecExamples.ALL.get(0);
        Path jar = distJar();
        Configuration client = new Configuration();
        URI address = URI.create(cluster);
        client.set(RestOptions.ADDRESS, address.getHost());
        client.set(RestOptions.PORT, address.getPort());

        // Flink's own `flink run`, in-process: the jar's main class plans the application and submits its job.
        CliFrontend flink = new CliFrontend(client, CliFrontend.loadCustomCommandLines(client,
                home.resolve("conf").toString()));
        int code = flink.parseAndRun(new String[]{"run", "-m", address.getHost() + ":" + address.getPort(),
                jar.toString(), workspace.resolve(example.name() + ".sql").toString()});

        assertThat(code).isZero();
        assertThat(Files.readString(workspace.resolve(example.output())))
                .isEqualTo(Files.readString(workspace.resolve(example.expected())));
        CommandResult jobs = CommandResult.velo("jobs", "--cluster", cluster);
        assertThat(jobs.out()).containsPattern("(?m)^order_filters\tlarge_orders_job\tFINISHED\t");
    }

    @Test
    void anUnreachableClusterIsOneLineNamingItsAddressWithoutRetrying() throws Exception {
        ExampleWorkspace.copy("examples/hello", workspace);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String address = "http://127.0.0.1:" + port;
        long start = System.nanoTime();
        CommandResult result = CommandResult.velo("submit", workspace.resolve("hello.sql").toString(),
                "--cluster", address);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.exitCode()).isEqualTo(1);
        // The bound is the CLI's whole run (its JVM start included, slow on a loaded machine), so it is generous; it
        // still fails if velo retried the refused connection as Flink's REST client does by default (20 attempts,
        // 3 s apart: about a minute).
        assertThat(millis).isLessThan(30_000);
        assertThat(result.err().lines().toList()).singleElement().asString()
                .startsWith("velo: cannot reach the Flink cluster at " + address + ": ");
        CommandResult jobs = CommandResult.velo("jobs", "--cluster", address);
        assertThat(jobs.exitCode()).isEqualTo(1);
        assertThat(jobs.err().lines().toList()).singleElement().asString()
                .startsWith("velo: cannot reach the Flink cluster at " + address + ": ");
    }

    private String submitDetached(String... args) {
        List<String> command = new ArrayList<>(List.of("submit", "--detach", "--cluster", cluster));
        command.addAll(List.of(args));
        CommandResult result = CommandResult.velo(command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isZero();
        String id = result.out().trim();
        assertThat(id).matches("[0-9a-f]{32}").isEqualTo(jobIdIn(result.err()));
        return id;
    }

    /** The velo-flink-dist jar the velo command ships (its path is written into velo-cli's build). */
    private static Path distJar() throws IOException {
        try (var in = dev.veloflink.cli.VeloMain.class.getResourceAsStream("/velo-flink-dist.path")) {
            assertThat(in).as("velo-flink-dist.path in velo-cli").isNotNull();
            Path jar = Path.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim());
            assertThat(jar).isRegularFile();
            return jar;
        }
    }

    private static String jobIdIn(String text) {
        Matcher matcher = JOB_ID.matcher(text);
        assertThat(matcher.find()).as(text).isTrue();
        return matcher.group(1);
    }

    /** The processes cluster start recorded, in the order it started them (JobManager first). */
    private static List<ProcessHandle> clusterProcesses() throws IOException {
        Properties state = new Properties();
        try (Reader in = Files.newBufferedReader(home.resolve("cluster.properties"))) {
            state.load(in);
        }
        List<ProcessHandle> processes = new ArrayList<>();
        for (int i = 0; state.containsKey("process." + i + ".pid"); i++) {
            ProcessHandle.of(Long.parseLong(state.getProperty("process." + i + ".pid"))).ifPresent(processes::add);
        }
        return processes;
    }

    /** The whole command line (ProcessHandle.Info cuts long ones short, before the main class). */
    private static String commandLine(ProcessHandle process) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
    }
}
