package dev.veloflink.planner.run;

import dev.veloflink.planner.LoadedApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The savepoint of an application's last stop, so that a plain {@code velo run} resumes where Ctrl-C stopped it
 * (docs/kafka.md, "Stops and restarts"). A savepoint holds the sources' positions (Kafka offsets included), every
 * operator's state and the sinks' pending transactions at one and the same point; resuming from it is what makes
 * "source offsets and sink transactions describe the same point after every stop" hold, also for exactly_once
 * sinks and GROUP BY state, which committing consumer-group offsets alone could not give.
 *
 * <p>The record is one line, the savepoint's path, in {@code <savepoints dir>/.last-stop-<app id>} (the app id is
 * {@link LoadedApplication#appId()}): removing the savepoints directory forgets it too. A stop writes it; a run that
 * ends with its input consumed removes it (nothing is left to resume); a failed run leaves it as it was.
 */
public final class LastStop {
    private final Path record;

    private LastStop(Path record) {
        this.record = record;
    }

    public static LastStop of(LoadedApplication app) {
        return new LastStop(SavepointStopper.directoryOf(app).resolve(".last-stop-" + app.appId()));
    }

    /** The recorded savepoint, if the application's last run was stopped with one. */
    public Optional<Path> savepoint() {
        try {
            if (!Files.isRegularFile(record)) {
                return Optional.empty();
            }
            String text = Files.readString(record, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + record + ": " + e.getMessage(), e);
        }
    }

    /** Remembers the stop's savepoint; written to a temporary file and moved, so a crash leaves the old record. */
    public void remember(String savepoint) {
        try {
            Files.createDirectories(record.getParent());
            Path temporary = Files.createTempFile(record.getParent(), ".last-stop", ".tmp");
            Files.writeString(temporary, savepoint + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the savepoint in " + record + ": " + e.getMessage(), e);
        }
    }

    /** Forgets the last stop: the run that resumed from it consumed its input to the end. */
    public void forget() {
        try {
            Files.deleteIfExists(record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + record + ": " + e.getMessage(), e);
        }
    }

    /** Records what a run's result means for the next run: a stop is remembered, a finished run forgotten. */
    public void after(RunResult result) {
        if (result.savepoint().isPresent()) {
            remember(result.savepoint().get());
        } else if (result.failure().isEmpty()) {
            forget();
        }
    }

    public Path record() {
        return record;
    }
}
