package dev.veloflink.runtime;

import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.metrics.VeloCounters;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies {@code error.strategy} to a row error raised while evaluating a statement (SPEC §6.3): count it, log it
 * with its position, or fail the job with one line. Position: the input row's {@code _offset} under its source.
 */
public final class RowErrorHandler implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(RowErrorHandler.class);

    private final String statement;
    private final String source;
    private final ErrorPolicy policy;
    private final int positionIndex;
    /** What a position starts with: a file source's path, else the source's name. */
    private final String where;
    private transient RuntimeContext runtimeContext;
    private transient Map<String, Counter> skippedByReason;

    public RowErrorHandler(String statement, String source, ErrorPolicy policy, int positionIndex) {
        this(statement, source, policy, positionIndex, source);
    }

    /** @param where what positions start with: {@code <path>} for a file source (SPEC §6.3) */
    public RowErrorHandler(String statement, String source, ErrorPolicy policy, int positionIndex, String where) {
        this.where = where;
        this.statement = statement;
        this.source = source;
        this.policy = policy;
        this.positionIndex = positionIndex;
    }

    public void open(RuntimeContext runtimeContext) {
        this.runtimeContext = runtimeContext;
        this.skippedByReason = new HashMap<>();
    }

    private Counter skipped(String reason) {
        return skippedByReason.computeIfAbsent(reason, r -> {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("statement", statement);
            labels.put("source", source);
            labels.put("reason", r);
            return VeloCounters.counter(runtimeContext, "velo_records_skipped_total", labels);
        });
    }

    /** Handles the error; returns normally when the row is to be skipped. */
    public void handle(Row input, RowErrorException error) {
        String position = where + (positionIndex >= 0 && input.getField(positionIndex) != null
                ? ":" + input.getField(positionIndex) : "");
        if (policy == ErrorPolicy.FAIL) {
            // E503 fails the job without restart (SPEC §6.3), even when checkpointing enables restarts.
            throw new SuppressRestartsException(new IllegalStateException("E503 bad record in statement '"
                    + statement + "', source '" + source + "' at " + position + ": " + error.reason() + ": " + error.getMessage()));
        }
        skipped(error.reason()).inc();
        LOG.warn("statement '{}': skipped record at {}: {}: {}", statement, position, error.reason(),
                error.getMessage());
    }
}
