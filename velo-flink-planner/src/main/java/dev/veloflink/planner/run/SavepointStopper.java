package dev.veloflink.planner.run;

import dev.veloflink.planner.LoadedApplication;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stops a running Flink job with a savepoint (SIGINT and STOP JOB, SPEC §1.6, §2.4). Without drain the job's state,
 * open windows and unflushed EMIT FINAL groups included, goes into the savepoint, so a run resumed from it continues
 * exactly where this one stopped; with drain the sources end first (W = +∞), which fires every open window.
 * The first call starts the stop; later calls return the same future, so a second Ctrl-C cannot stop twice.
 */
public final class SavepointStopper {
    static final String DIRECTORY_KEY = "state.savepoints.dir";

    private final JobClient client;
    private final Path directory;
    private final AtomicReference<CompletableFuture<String>> stopping = new AtomicReference<>();

    public SavepointStopper(JobClient client, Path directory) {
        this.client = client;
        this.directory = directory;
    }

    /** Where the application's savepoints go: its {@code state.savepoints.dir}, else {@code <app dir>/savepoints}. */
    public static Path directoryOf(LoadedApplication app) {
        Path appDir = app.file().toAbsolutePath().getParent();
        return app.plans().stream().map(p -> p.statementKeys().get(DIRECTORY_KEY)).filter(v -> v != null)
                .findFirst().map(appDir::resolve).orElse(appDir.resolve("savepoints")).normalize();
    }

    public Path directory() {
        return directory;
    }

    /** Starts stopping the job with a savepoint; the future yields the savepoint's path. */
    public CompletableFuture<String> stop(boolean drain) {
        CompletableFuture<String> started = new CompletableFuture<>();
        if (!stopping.compareAndSet(null, started)) {
            return stopping.get();
        }
        // Flink wants a URI; a plain absolute path would be taken as one on the default (local) file system anyway.
        client.stopWithSavepoint(drain, directory.toUri().toString(), SavepointFormatType.CANONICAL)
                .whenComplete((path, error) -> {
                    if (error != null) {
                        started.completeExceptionally(error);
                    } else {
                        started.complete(path);
                    }
                });
        return started;
    }

    /** Whether a stop was asked for. */
    public boolean stopRequested() {
        return stopping.get() != null;
    }
}
