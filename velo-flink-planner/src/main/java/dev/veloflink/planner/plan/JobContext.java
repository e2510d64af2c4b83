package dev.veloflink.planner.plan;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Builds one application into one Flink job (SPEC §1.5). A statement read by others is built once; its readers
 * share its output stream in-process.
 */
public final class JobContext {
    private final StreamExecutionEnvironment env;
    private final Map<String, DataStream<Row>> statementOutputs = new HashMap<>();

    public JobContext(StreamExecutionEnvironment env) {
        this.env = env;
    }

    public StreamExecutionEnvironment env() {
        return env;
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
