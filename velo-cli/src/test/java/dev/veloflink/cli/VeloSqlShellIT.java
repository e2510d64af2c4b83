package dev.veloflink.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code velo sql} in a real pseudo-terminal: tmux (installed by .ci/run) runs the shell in a pane; the test types
 * with {@code send-keys} and reads the screen with {@code capture-pane}, as a user would.
 */
class VeloSqlShellIT {
    /** A private tmux server, so the test never touches anyone's sessions. */
    private final String socket = "velo-shell-test-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @AfterEach
    void killServer() throws Exception {
        tmux(false, "kill-server");
    }

    @Test
    void typeAQueryWatchItCancelItAndTheShellGoesOn() throws Exception {
        Assumptions.assumeTrue(tmuxAvailable(), "tmux is not installed (.ci/run installs it from Debian's packages); "
                + "the shell's terminal test is skipped");
        Files.writeString(dir.resolve("orders.csv"), """
                order_id,customer,amount
                1,alice,250.00
                2,bob,35.50
                3,carol,1200.75
                4,dave,99.99
                """);
        Path launcher = dir.resolve("velo-sql.sh");
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        for (String open : List.of("java.lang", "java.util", "java.lang.invoke", "java.math", "java.net", "java.io",
                "java.nio", "sun.nio.ch", "java.time", "java.text", "java.util.concurrent",
                "java.util.concurrent.atomic", "java.lang.reflect")) {
            java.add("--add-opens=java.base/" + open + "=ALL-UNNAMED");
        }
        java.addAll(List.of("-Dlog4j.configurationFile=" + Path.of("src/test/resources/log4j2-test.properties")
                        .toAbsolutePath(), "-cp", Path.of("target/classes").toAbsolutePath() + File.pathSeparator
                        + Files.readString(Path.of("target/test-classpath.txt")).strip(),
                "dev.veloflink.cli.VeloMain", "sql", "--work-dir", dir.toString(), "--history-file",
                dir.resolve("history").toString()));
        Files.writeString(launcher, "#!/bin/sh\nexec " + String.join(" ", java.stream().map(a -> "'" + a + "'")
                .toList()) + " 2>" + dir.resolve("shell.log") + "\n");
        launcher.toFile().setExecutable(true);
        tmux(true, "new-session", "-d", "-s", "velo", "-x", "150", "-y", "45", launcher.toString());
        screenShows(s -> s.contains("velo>"), "the prompt");

        // A stream that keeps running (a watched file), so quit has something to stop.
        type("CREATE STREAM live_orders AS SELECT order_id, amount FROM orders WITH ('orders.type' = 'file_source',"
                + " 'orders.path' = './orders.csv', 'orders.watching' = 'true', 'live_orders.type' = 'file_sink',"
                + " 'live_orders.path' = './out/live.csv')");
        screenShows(s -> s.contains("stream live_orders runs as Flink job"), "the created stream's job");

        // A query over a watched file never ends by itself: its table is drawn, then Ctrl-C cancels it.
        type("SELECT customer, amount FROM orders\nWHERE amount >= 100 EMIT CHANGES WITH ('orders.type' = "
                + "'file_source', 'orders.path' = './orders.csv', 'orders.watching' = 'true')");
        String table = screenShows(s -> s.contains("| carol    | 1200.75 |") && s.contains("Ctrl-C stops the query"),
                "the query's rows");
        assertThat(table).contains("| customer | amount  |", "| alice    | 250.00  |").doesNotContain("bob");
        tmux(true, "send-keys", "-t", "velo", "C-c");
        String cancelled = screenShows(s -> s.contains("- query cancelled") && lastLine(s).equals("velo>"),
                "the cancelled query and a new prompt");
        assertThat(cancelled).contains("2 rows (2 changes");

        // Bad input: clear messages, and the shell goes on.
        type("EXPLODE everything");
        screenShows(s -> s.contains("error[E102]: unexpected 'EXPLODE'") && s.contains("--> statement:1:1"),
                "the error of an unknown statement");
        type("SELECT * FROM nowhere");
        screenShows(s -> s.contains("error[E202]: unknown relation 'nowhere'") && s.contains("--> statement:1:15"),
                "the error of an unknown stream");
        type("SHOW JOBS");
        String jobs = screenShows(s -> s.contains("| live_orders | stream") && s.contains("| statement_1 | query"),
                "SHOW JOBS after the errors");
        assertThat(jobs).containsPattern("\\| statement_1 +\\| query +\\| [0-9a-f]{32} \\| CANCELED");

        // quit asks, then stops the stream this session started.
        tmux(true, "send-keys", "-t", "velo", "-l", "quit");
        tmux(true, "send-keys", "-t", "velo", "Enter");
        screenShows(s -> s.contains("1 job started in this session still runs: live_orders (stream)")
                && s.contains("Stop it and quit? [y/N]"), "the question before quitting");
        tmux(true, "send-keys", "-t", "velo", "-l", "y");
        tmux(true, "send-keys", "-t", "velo", "Enter");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (tmux(false, "has-session", "-t", "velo").exitValue() == 0) {
            assertThat(System.nanoTime()).as("the shell ends after quit; screen:\n%s", screen()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private void type(String statement) throws Exception {
        String[] lines = statement.split("\n");
        for (int i = 0; i < lines.length; i++) {
            tmux(true, "send-keys", "-t", "velo", "-l", lines[i]);
            if (i < lines.length - 1) {
                tmux(true, "send-keys", "-t", "velo", "Enter");
            }
        }
        // tmux reads a trailing ';' as its own command separator: the statement's ';' goes escaped.
        tmux(true, "send-keys", "-t", "velo", "-l", "\\;");
        tmux(true, "send-keys", "-t", "velo", "Enter");
    }

    private static String lastLine(String screen) {
        String[] lines = screen.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private String screenShows(Predicate<String> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            String screen = screen();
            if (condition.test(screen)) {
                return screen;
            }
            assertThat(System.nanoTime()).as("%s within 90 s; screen:\n%s\nshell log:\n%s", what, screen,
                    log()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("shell.log"));
        } catch (IOException e) {
            return "(none)";
        }
    }

    private String screen() throws Exception {
        Process capture = new ProcessBuilder("tmux", "-L", socket, "capture-pane", "-p", "-t", "velo", "-S", "-200")
                .redirectErrorStream(true).start();
        String text = new String(capture.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        capture.waitFor(10, TimeUnit.SECONDS);
        return text;
    }

    private Process tmux(boolean mustSucceed, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("tmux %s", command).isTrue();
        if (mustSucceed) {
            assertThat(process.exitValue()).as("tmux %s: %s", command, output).isZero();
        }
        return process;
    }

    private static boolean tmuxAvailable() {
        try {
            Process version = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
