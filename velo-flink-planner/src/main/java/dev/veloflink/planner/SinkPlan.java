package dev.veloflink.planner;

import dev.veloflink.connectors.SinkFactory;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

/** Where a statement's rows go (SPEC §5.5): a sink bound through the connector SPI. */
public record SinkPlan(String name, SinkFactory.SinkProvider provider) {

    public String describe() {
        return provider.describe();
    }

    public void attach(DataStream<Row> rows, String jobName) {
        provider.attach(rows, jobName + ": sink " + name);
    }
}
