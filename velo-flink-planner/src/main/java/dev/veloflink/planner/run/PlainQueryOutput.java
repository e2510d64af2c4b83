package dev.veloflink.planner.run;

import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.planner.LoadedApplication;
import dev.veloflink.planner.StatementPlan;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Several plain queries in one file (SPEC §2.3 leaves their order on standard output open): the first prints its
 * rows as they come; each later one is spooled to a file and printed whole, with its header, when the run ends, in
 * file order. So every query's output is one block a reader can attribute (docs/guide.md).
 */
public final class PlainQueryOutput {
    private PlainQueryOutput() {
    }

    /** Where plain query number {@code index} (0-based, file order) of {@code file} waits; none for the first. */
    public static Optional<Path> spool(Path file, int index) {
        if (index == 0) {
            return Optional.empty();
        }
        String run = ProcessHandle.current().pid() + "-" + Integer.toHexString(file.toAbsolutePath().hashCode());
        return Optional.of(Path.of(System.getProperty("java.io.tmpdir"), "velo-stdout", run,
                "query-" + index + ".csv"));
    }

    /** Prints the spooled plain queries' rows in file order and removes them. */
    static void printSpooled(LoadedApplication app, PrintStream out) {
        int index = 0;
        for (StatementPlan plan : app.plans()) {
            if (!(plan.statement() instanceof Statement.PlainQuery query) || query.into().isPresent()) {
                continue;
            }
            Optional<Path> spool = spool(app.file(), index++);
            if (spool.isPresent() && Files.exists(spool.get())) {
                try {
                    out.write(Files.readAllBytes(spool.get()));
                    out.flush();
                    Files.delete(spool.get());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot print the rows of " + plan.jobName(), e);
                }
            }
        }
    }
}
