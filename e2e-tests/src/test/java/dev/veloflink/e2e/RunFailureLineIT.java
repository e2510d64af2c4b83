package dev.veloflink.e2e;

import dev.veloflink.planner.ApplicationLoader;
import dev.veloflink.planner.run.EmbeddedRunner;
import dev.veloflink.planner.run.RunOptions;
import dev.veloflink.planner.run.RunningJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, item 12: every run-time failure of {@code ./velo run}, run as a new user runs it (the launcher, a separate
 * process), ends with one {@code velo:} line naming what failed, the cause, what to do and the log file; standard
 * error has at most three lines, no stack frame and no Java exception class name; the details are in the log file.
 */
class RunFailureLineIT {
    private static final Pattern LOG_FILE = Pattern.compile("details in (\\S+\\.log)$");
    private static final Pattern TABLE_PROGRESS = Pattern.compile("velo: table '[^']+' (loading|ready)");
    private static final Pattern JAVA_CLASS = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b|\\b(java|org)\\.[a-z]");

    @TempDir
    Path dir;

    /** The launcher builds velo when its sources changed; that notice is not part of any run measured here. */
    @org.junit.jupiter.api.BeforeAll
    static void buildOnce() throws Exception {
        Process build = new ProcessBuilder(ExampleWorkspace.repositoryRoot().resolve("velo").toString(), "--version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(build.waitFor(10, TimeUnit.MINUTES)).as("./velo built").isTrue();
        assertThat(build.exitValue()).isZero();
    }

    private record Run(int exit, String out, List<String> err) {
        String last() {
            return err.isEmpty() ? "" : err.get(err.size() - 1);
        }
    }

    private Run velo(String... args) throws Exception {
        Process process = start(args);
        return finish(process);
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ExampleWorkspace.repositoryRoot().resolve("velo").toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(VeloProcess.withDefaultSigint(command)).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    private Run finish(Process process) throws Exception {
        assertThat(process.waitFor(4, TimeUnit.MINUTES)).as("velo ended").isTrue();
        String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        return new Run(process.exitValue(), Files.readString(dir.resolve("stdout.txt")), err.lines().toList());
    }

    /** At most three lines, no stack frame, no Java class; the last line is velo's, naming the log with the details. */
    private void assertOneClearLine(Run run, String... mentions) throws IOException {
        String err = String.join("\n", run.err());
        // A table's progress and ready lines are normal output whose number depends on how fast the machine loads
        // it (a slow load prints a progress line): they are not part of the failure's story.
        assertThat(run.err().stream().filter(line -> !TABLE_PROGRESS.matcher(line).lookingAt()).toList()).as(err)
                .hasSizeLessThanOrEqualTo(3);
        assertThat(err).doesNotContainPattern("(?m)^\\s+at ").doesNotContain("Caused by");
        assertThat(JAVA_CLASS.matcher(err).find()).as(err).isFalse();
        assertThat(run.last()).startsWith("velo: ").contains(mentions);
        Matcher log = LOG_FILE.matcher(run.last());
        if (log.find()) {
            Path file = Path.of(log.group(1));
            assertThat(file).exists();
            assertThat(Files.readString(file)).as("the details are in the log").containsPattern("(?m)^\\s+at ");
        }
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aBadRecordUnderFailNamesStatementSourcePositionAndWhatToDo() throws Exception {
        write("f.csv", "id\n1\nfour\n");
        write("app.sql", "CREATE STREAM o AS SELECT id FROM f WITH ('f.type' = 'file_source', 'f.path' = './f.csv', "
                + "'f.columns' = 'id INT', 'error.strategy' = 'fail', 'o.type' = 'file_sink', "
                + "'o.path' = './out/o.csv');\n");
        Run run = velo("run", "app.sql");
        assertThat(run.exit()).isEqualTo(1);
        assertOneClearLine(run, "E503", "statement 'o'", "source 'f'", "f.csv:3", "error.strategy", "details in");
    }

    @Test
    void aJoinMissUnderFailNamesStatementTableKeyAndWhatToDo() throws Exception {
        write("customers.csv", "customer_id,name\nC1,Alice\n");
        write("orders.csv", "order_id,customer_id\n1,C1\n2,C9\n");
        write("app.sql", """
                CREATE STREAM enriched AS
                SELECT o.order_id, c.name FROM orders o JOIN customers c ON o.customer_id = c.customer_id
                WITH ('orders.type' = 'file_source', 'orders.path' = './orders.csv', 'join.missing.strategy' = 'fail',
                      'customers.type' = 'file_source', 'customers.path' = './customers.csv',
                      'customers.key.fields' = 'customer_id',
                      'enriched.type' = 'file_sink', 'enriched.path' = './out/e.csv');
                """);
        Run run = velo("run", "app.sql");
        assertThat(run.exit()).isEqualTo(1);
        assertOneClearLine(run, "E502", "statement 'enriched'", "table 'customers'", "C9", "join.missing.strategy");
    }

    @Test
    void aFileThatNeverAppearsIsE402NamingTheSource() throws Exception {
        write("app.sql", "CREATE STREAM o AS SELECT id FROM f WITH ('f.type' = 'file_source', "
                + "'f.path' = './never.csv', 'f.columns' = 'id INT', 'f.file.wait.timeout' = '1s', "
                + "'o.type' = 'file_sink', 'o.path' = './out/o.csv');\n");
        Run run = velo("run", "app.sql");
        assertThat(run.exit()).isEqualTo(1);
        assertOneClearLine(run, "E402", "file_source 'f'", "never.csv");
    }

    @Test
    void aJdbcSinkTableThatDoesNotExistNamesStatementSinkAndTable() throws Exception {
        write("app.sql", "CREATE STREAM totals AS SELECT 1 AS id WITH ('totals.type' = 'jdbc_sink', "
                + "'totals.url' = 'jdbc:derby:memory:nu;create=true', 'totals.table' = 'no_such_table');\n");
        Run run = velo("run", "app.sql");
        assertThat(run.exit()).isEqualTo(1);
        assertOneClearLine(run, "E402", "jdbc_sink 'totals'", "statement 'totals'", "no_such_table");
    }

    @Test
    void aSavepointOfAnotherApplicationSaysWhatToDoAndTheOptionVeloOffers() throws Exception {
        write("a.sql", """
                CREATE STREAM counts AS SELECT k, COUNT(*) AS n FROM gen GROUP BY k
                WITH ('gen.type' = 'datagen_source', 'gen.rate' = '50', 'gen.columns' = 'k INT',
                      'gen.fields.k.min' = '1', 'gen.fields.k.max' = '3', 'checkpoint.interval' = '1s',
                      'counts.type' = 'file_sink', 'counts.path' = './out/counts.csv');
                """);
        RunningJob first = new EmbeddedRunner(ApplicationLoader.load(dir.resolve("a.sql")), new RunOptions(1, null))
                .start();
        awaitRows(dir.resolve("out/counts.csv"), () -> true);
        String savepoint = first.stopWithSavepoint(false).get(2, TimeUnit.MINUTES);
        first.await();
        write("b.sql", "CREATE STREAM other AS SELECT 1 AS x WITH ('other.type' = 'file_sink', "
                + "'other.path' = './out/other.csv');\n");
        Run run = velo("run", "b.sql", "--from-savepoint", savepoint);
        assertThat(run.exit()).isEqualTo(1);
        assertOneClearLine(run, "savepoint", "--allow-non-restored-state", "without --from-savepoint");
        assertThat(String.join("\n", run.err())).doesNotContain("allowNonRestoredState");

        // The option velo offers does what the line says: the run starts and ends normally.
        Run allowed = velo("run", "b.sql", "--from-savepoint", savepoint, "--allow-non-restored-state");
        assertThat(allowed.exit()).as(String.join("\n", allowed.err())).isZero();
    }

    @Test
    void argumentsAreCheckedWithOneLineEach() throws Exception {
        write("app.sql", "SELECT 1 AS one;\n");
        Run noSavepoint = velo("run", "app.sql", "--from-savepoint", "./no/such/savepoint");
        assertThat(noSavepoint.exit()).isEqualTo(1);
        assertOneClearLine(noSavepoint, "--from-savepoint", "no savepoint there");
        Run outOfRange = velo("run", "app.sql", "--metrics-port", "70000");
        assertThat(outOfRange.exit()).isEqualTo(1);
        assertOneClearLine(outOfRange, "--metrics-port 70000");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run inUse = velo("run", "app.sql", "--metrics-port", Integer.toString(taken.getLocalPort()));
            assertThat(inUse.exit()).isEqualTo(1);
            assertOneClearLine(inUse, "cannot serve metrics", "in use", "--metrics-port");
        }
        write("comments.sql", "-- only a comment\n/* and another */\n");
        Run empty = velo("run", "comments.sql");
        assertThat(empty.exit()).isZero();
        assertOneClearLine(empty, "has no statements");
    }

    /**
     * The savepoint is held up for certain: the sink writes into a named pipe that the test stops reading, so the
     * sink's task blocks in its write and no barrier passes it. The second Ctrl-C comes while the savepoint waits,
     * and the pipe is read again only once velo says the job is cancelling, so the savepoint can never complete
     * first: the run must end on the cancel path.
     */
    @Test
    void aSecondCtrlCDuringTheSavepointCancelsWithOneLine() throws Exception {
        write("app.sql", """
                CREATE STREAM counts AS SELECT k, COUNT(*) AS n FROM gen GROUP BY k
                WITH ('gen.type' = 'datagen_source', 'gen.rate' = '20000', 'gen.columns' = 'k INT',
                      'gen.fields.k.min' = '1', 'gen.fields.k.max' = '3', 'checkpoint.interval' = '1s',
                      'counts.type' = 'file_sink', 'counts.path' = './out/counts.csv');
                """);
        Files.createDirectories(dir.resolve("out"));
        Path pipe = dir.resolve("out/counts.csv");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        Process process = start("run", "app.sql");
        try (java.io.FileInputStream rows = openWhileAlive(pipe, process)) {
            // Read nothing: the pipe fills, and then the sink's task blocks in its write. Blocked, not passing
            // through: seen writing twice, with nothing added to the pipe in between.
            long[] filled = {-1};
            awaitCondition("the sink blocked writing into the full pipe", process, () -> {
                long before = available(rows);
                boolean writing = sinkWriting(process.pid());
                boolean stuck = writing && before > 0 && before == filled[0] && available(rows) == before;
                filled[0] = writing ? before : -1;
                return stuck;
            });
            signal(process, "INT");
            awaitCondition("the stop announced", process, () -> stderr().contains("stopping the job with a savepoint"));
            signal(process, "INT");
            awaitCondition("the cancel taken (velo's log says so)", process,
                    () -> logOf(process.pid()).contains("the job is cancelling"));
            // Only now may the sink go on: the job is cancelling, so the savepoint cannot complete any more.
            rows.transferTo(java.io.OutputStream.nullOutputStream());
        }
        Run run = finish(process);
        assertThat(run.exit()).as(String.join("\n", run.err())).isEqualTo(1);
        assertThat(run.err().get(0)).startsWith("velo: stopping the job with a savepoint");
        assertOneClearLine(run, "cancelled without a savepoint by a second Ctrl-C", "run it again");
    }

    /** The velo process's log file, {@code <tmp>/velo-logs/velo-<date>-<time>-<pid>.log} (empty until it exists). */
    private static String logOf(long pid) {
        Path logs = Path.of(System.getProperty("java.io.tmpdir"), "velo-logs");
        try (var files = Files.list(logs)) {
            Path log = files.filter(f -> f.getFileName().toString().endsWith("-" + pid + ".log")).findFirst()
                    .orElse(null);
            return log == null ? "" : Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void signal(Process process, String name) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor()).isZero();
    }

    /** Whether a thread of the velo JVM is inside the file sink's write to its file (from a thread dump). */
    private static boolean sinkWriting(long pid) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
            String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            // One thread's stack is one block of lines; the write (a native frame: the file is a channel's output
            // stream) must be the sink writer's.
            return java.util.Arrays.stream(dump.split("\n\s*\n")).anyMatch(stack -> stack.contains("FileSinkWriter")
                    && (stack.contains(".write0(") || stack.contains(".writeBytes(")));
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Bytes waiting in the pipe (FIONREAD). */
    private static long available(java.io.FileInputStream in) {
        try {
            return in.available();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Opens the pipe for reading; that waits for its writer, the sink, to open it. */
    private static java.io.FileInputStream openWhileAlive(Path pipe, Process process) throws Exception {
        java.util.concurrent.CompletableFuture<java.io.FileInputStream> open =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return new java.io.FileInputStream(pipe.toFile());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!open.isDone() && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(open.isDone()).as("the sink opened its file; velo stderr: %s", Files.readString(
                pipe.getParent().getParent().resolve("stderr.txt"))).isTrue();
        return open.get();
    }

    private static void awaitCondition(String what, Process process, java.util.function.BooleanSupplier condition)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(process.isAlive()).as("velo still running while waiting for: " + what).isTrue();
            assertThat(System.nanoTime()).as("waited 3 minutes for: " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Rows reach the file at a checkpoint: then every task runs and a savepoint can start. */
    private static void awaitRows(Path output, java.util.function.BooleanSupplier alive) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (StateLines.count(output) < 2 && alive.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(StateLines.count(output)).as("rows written before the stop").isGreaterThanOrEqualTo(2);
    }

    /** Lines in a file that may not exist yet. */
    private static final class StateLines {
        static long count(Path file) throws IOException {
            if (!Files.exists(file)) {
                return 0;
            }
            try (var lines = Files.lines(file)) {
                return lines.count();
            }
        }
    }
}
