package dev.veloflink.session;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A query's rows as they arrive from its Flink job. {@code hasNext} blocks until a row comes or the job ends. The
 * query's LIMIT ends the cursor after that many rows (the job is then cancelled: the planner's LIMIT passes the first
 * n rows but does not end the job); {@link #close()} cancels the job, which is what cancelling a query means.
 */
public final class RowCursor implements Iterator<ChangeRow>, AutoCloseable {
    private final CloseableIterator<Row> rows;
    private final JobClient job;
    private final Function<Row, ChangeRow> format;
    private final OptionalLong limit;
    private long delivered;
    private volatile boolean closed;
    private volatile boolean ended;

    RowCursor(CloseableIterator<Row> rows, JobClient job, Function<Row, ChangeRow> format, OptionalLong limit) {
        this.rows = rows;
        this.job = job;
        this.format = format;
        this.limit = limit;
    }

    public String jobId() {
        return job.getJobID().toString();
    }

    /** The query's Flink job (the gateway reports its id with the rows). */
    public JobClient jobClient() {
        return job;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (limit.isPresent() && delivered >= limit.getAsLong()) {
            close();
            return false;
        }
        try {
            if (rows.hasNext()) {
                return true;
            }
        } catch (RuntimeException e) {
            if (closed) {
                return false;
            }
            throw new StatementError("query failed: " + dev.veloflink.planner.run.EmbeddedRunner.oneLine(e)
                    .substring("job failed: ".length()));
        }
        // The job ended by itself (bounded input): nothing left to cancel.
        ended = true;
        close();
        return false;
    }

    @Override
    public ChangeRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        delivered++;
        return format.apply(rows.next());
    }

    public boolean isClosed() {
        return closed;
    }

    /** Ends the query: stops reading and cancels its job (idempotent, callable from another thread, e.g. Ctrl-C). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            rows.close();
        } catch (Exception ignored) {
            // The collect iterator's close only fails when its job is already gone, which is the goal.
        }
        if (!ended) {
            job.getJobStatus().thenAccept(status -> {
                if (!status.isGloballyTerminalState()) {
                    job.cancel().exceptionally(error -> null);
                }
            }).exceptionally(error -> null);
        }
    }
}
