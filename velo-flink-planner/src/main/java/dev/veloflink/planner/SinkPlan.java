package dev.veloflink.planner;

import dev.veloflink.connectors.SinkFactory;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

/** Where a statement's rows go (SPEC §5.5): a sink bound through the connector SPI. */
public record SinkPlan(String name, SinkFactory.SinkProvider provider) {

    public String describe() {
        return provider.describe();
    }

    /** Adds the sink; returns the dead letters of rows it cannot write (see {@link SinkFactory.SinkProvider#attach}). */
    public java.util.Optional<DataStream<String>> attach(DataStream<Row> rows, String jobName) {
        return provider.attach(rows, jobName + ": sink " + name);
    }
}
