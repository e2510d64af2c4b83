package dev.veloflink.runtime;

import dev.veloflink.dialect.diag.CodedException;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.metrics.VeloCounters;
import dev.veloflink.functions.text.DeadLetterText;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.types.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Applies {@code error.strategy} to a row error raised while evaluating a statement (SPEC §6.3): count it, log it
 * with its position, or fail the job with one line; under {@code dead_letter} also hand a dead letter to the
 * operator, which puts it on its {@link #DEAD_LETTERS} side output. Position: the input row's {@code _offset} under
 * its source.
 */
public final class RowErrorHandler implements Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(RowErrorHandler.class);

    /** The dead letters of failed rows, one JSON object each (SPEC §6.3); the planner routes them to the sink. */
    public static final OutputTag<String> DEAD_LETTERS = new OutputTag<>("velo-row-error-letters", Types.STRING);

    private final String statement;
    private final String source;
    private final ErrorPolicy policy;
    private final int positionIndex;
    /** What a position starts with: a file source's path, else the source's name. */
    private final String where;
    /** Where a Kafka row's {@code _partition} and {@code _topic} are (-1: not a Kafka row), for letters' positions. */
    private final int partitionIndex;
    private final int topicIndex;
    /** The columns a letter's {@code record} shows; null: none. */
    private final DeadLetterText.RowColumns record;
    private transient RuntimeContext runtimeContext;
    private transient Map<String, Counter> skippedByReason;

    public RowErrorHandler(String statement, String source, ErrorPolicy policy, int positionIndex) {
        this(statement, source, policy, positionIndex, source);
    }

    /** @param where what positions start with: {@code <path>} for a file source (SPEC §6.3) */
    public RowErrorHandler(String statement, String source, ErrorPolicy policy, int positionIndex, String where) {
        this(statement, source, policy, positionIndex, where, -1, -1, null);
    }

    private RowErrorHandler(String statement, String source, ErrorPolicy policy, int positionIndex, String where,
                            int partitionIndex, int topicIndex, DeadLetterText.RowColumns record) {
        this.where = where;
        this.statement = statement;
        this.source = source;
        this.policy = policy;
        this.positionIndex = positionIndex;
        this.partitionIndex = partitionIndex;
        this.topicIndex = topicIndex;
        this.record = record;
    }

    /**
     * This handler, its dead letters showing {@code record}'s columns of the failed row and, for Kafka rows
     * ({@code partitionIndex}, {@code topicIndex} &ge; 0), positioned {@code <topic>/<partition>@<offset>} as the
     * decoders' letters are.
     */
    public RowErrorHandler withLetters(int partitionIndex, int topicIndex, DeadLetterText.RowColumns record) {
        return new RowErrorHandler(statement, source, policy, positionIndex, where, partitionIndex, topicIndex,
                record);
    }

    public String statement() {
        return statement;
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

    /**
     * Handles the error; returns normally when the row is to be skipped. Under {@code dead_letter} the row is
     * skipped as under {@code skip} and its dead letter goes to {@code letters} (the operator's
     * {@link #DEAD_LETTERS} side output).
     */
    public void handle(Row input, RowErrorException error, Consumer<String> letters) {
        String position = where + (positionIndex >= 0 && input.getField(positionIndex) != null
                ? ":" + input.getField(positionIndex) : "");
        if (policy == ErrorPolicy.FAIL) {
            // E503 fails the job without restart (SPEC §6.3), even when checkpointing enables restarts.
            throw new SuppressRestartsException(new CodedException("E503", "bad record in statement '"
                    + statement + "', source '" + source + "' at " + position + ": " + error.reason() + ": " + error.getMessage()));
        }
        skipped(error.reason()).inc();
        LOG.warn("statement '{}': skipped record at {}: {}: {}", statement, position, error.reason(),
                error.getMessage());
        if (policy == ErrorPolicy.DEAD_LETTER) {
            letters.accept(DeadLetterText.json(statement, source, letterPosition(input, position), error.reason(),
                    error.getMessage(), record == null ? null : record.json(input)));
        }
    }

    /** Kafka rows as the decoders position them, {@code <topic>/<partition>@<offset>}; others as logged. */
    private String letterPosition(Row input, String logged) {
        Object topic = topicIndex >= 0 && topicIndex < input.getArity() ? input.getField(topicIndex) : null;
        Object partition = partitionIndex >= 0 && partitionIndex < input.getArity()
                ? input.getField(partitionIndex) : null;
        Object offset = positionIndex >= 0 ? input.getField(positionIndex) : null;
        return topic != null && partition != null && offset != null ? topic + "/" + partition + "@" + offset
                : logged;
    }
}
