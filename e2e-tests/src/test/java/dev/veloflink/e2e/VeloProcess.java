package dev.veloflink.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code velo} as a user runs it: its own JVM (the test's class path, VeloMain), in a working directory, its output
 * in a log file; Ctrl-C is a real SIGINT sent with {@code kill -INT}.
 */
public final class VeloProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private VeloProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code velo ARGS...} in {@code dir}; standard output and error go to a new log file there. */
    public static VeloProcess start(Path dir, String... args) throws IOException {
        // A short-lived command: the client compiler starts faster, and the heap stays small.
        return start(dir, List.of("-XX:TieredStopAtLevel=1", "-Xmx768m"), args);
    }

    /** As {@link #start(Path, String...)}, with these JVM options (what {@code VELO_JAVA_OPTS} gives ./velo). */
    public static VeloProcess start(Path dir, List<String> jvmOptions, String... args) throws IOException {
        Path log = Files.createTempFile(dir, "velo", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.veloflink.cli.VeloMain"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(withDefaultSigint(command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new VeloProcess(process, log);
    }

    /** Waits until {@code condition} holds; fails with the log if the process ends first or the time runs out. */
    public void awaitWhileRunning(String what, Duration timeout, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError("velo ended (exit " + process.exitValue() + ") while waiting for " + what
                        + ":\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + ":\n" + log());
            }
            Thread.sleep(50);
        }
    }

    /**
     * {@code command} started with SIGINT at its default disposition, by GNU {@code env --default-signal=INT}, which
     * then execs it (the same pid). A process started from a background job of a non-interactive shell (a CI script's
     * {@code cmd &}) inherits SIGINT ignored, down through Maven and surefire; the JVM leaves an ignored signal
     * ignored and never installs velo's Ctrl-C handler, so a test's Ctrl-C did nothing (LoopbackBindingIT and
     * RunFailureLineIT waited in vain when the suite was started that way).
     */
    public static List<String> withDefaultSigint(List<String> command) {
        List<String> reset = new ArrayList<>(List.of("env", "--default-signal=INT"));
        reset.addAll(command);
        return reset;
    }

    /** The process id of the velo JVM. */
    public long pid() {
        return process.pid();
    }

    /** Sends SIGINT (what Ctrl-C sends). */
    public void interrupt() throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    /** Waits for the process to end; returns its exit code. */
    public int awaitExit(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("velo did not end within " + timeout.toSeconds() + " s:\n" + log());
        }
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
