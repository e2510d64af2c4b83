package dev.veloflink.planner.plan;

import dev.veloflink.connectors.deadletter.DeadLetterRoutes;
import org.apache.flink.api.dag.Transformation;
import dev.veloflink.runtime.RowErrorHandler;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.SourceTransformation;
import org.apache.flink.types.Row;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds one application into one Flink job (SPEC §1.5). A statement read by others is built once; its readers
 * share its output stream in-process.
 */
public final class JobContext {
    private final StreamExecutionEnvironment env;
    private final Map<String, DataStream<Row>> statementOutputs = new HashMap<>();
    private final Set<String> uids = new HashSet<>();
    private final DeadLetterRoutes deadLetters = new DeadLetterRoutes();
    private final java.util.List<Limit> limits = new java.util.ArrayList<>();

    /** A LIMIT of the job: its id, its operator factory, and its output in the graph (see {@code LimitEnds}). */
    public record Limit(String id, dev.veloflink.runtime.limit.LimitOperatorFactory factory,
                        Transformation<?> output) {
    }

    public JobContext(StreamExecutionEnvironment env) {
        this.env = env;
    }

    public StreamExecutionEnvironment env() {
        return env;
    }

    /** Where nodes put their dead letters (bad records, late rows); the runner routes them to the sinks. */
    public DeadLetterRoutes deadLetters() {
        return deadLetters;
    }

    /**
     * A uid for a stateful operator, so a savepoint restores into the same operator (SPEC §2.4): {@code base} (the
     * statement's job name and the operator's role), or {@code base#2}, {@code base#3} ... when a statement has two
     * alike. Plans are built in file order, so the same file always yields the same uids.
     */
    public String uid(String base) {
        String uid = base;
        for (int n = 2; !uids.add(uid); n++) {
            uid = base + "#" + n;
        }
        return uid;
    }

    /** Gives the sources upstream of {@code rows} that have no uid yet {@link #uid(String)}s based on {@code base}. */
    public void sourceUids(DataStream<?> rows, String base) {
        ArrayDeque<Transformation<?>> pending = new ArrayDeque<>();
        pending.add(rows.getTransformation());
        while (!pending.isEmpty()) {
            Transformation<?> step = pending.poll();
            if (step instanceof SourceTransformation<?, ?, ?> && step.getUid() == null) {
                step.setUid(uid(base));
            }
            pending.addAll(step.getInputs());
        }
    }

    /**
     * Routes the dead letters of rows whose expressions failed in {@code operator} (its
     * {@link RowErrorHandler#DEAD_LETTERS} side output, SPEC §6.3) as {@code statement}'s, and returns the operator.
     */
    public SingleOutputStreamOperator<Row> withRowErrorLetters(String statement,
                                                               SingleOutputStreamOperator<Row> operator) {
        deadLetters.add(statement, operator.getSideOutput(RowErrorHandler.DEAD_LETTERS));
        return operator;
    }

    /** The LIMITs built so far, in build order. */
    public java.util.List<Limit> limits() {
        return limits;
    }

    public DataStream<Row> statementOutput(String name, Supplier<DataStream<Row>> build) {
        DataStream<Row> built = statementOutputs.get(name);
        if (built == null) {
            built = build.get();
            statementOutputs.put(name, built);
        }
        return built;
    }
}
