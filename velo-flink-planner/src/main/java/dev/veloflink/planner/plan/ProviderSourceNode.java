package dev.veloflink.planner.plan;

import dev.veloflink.connectors.SourceProvider;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.runtime.RowErrorHandler;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;
import java.util.Optional;

/** A source bound through the connector SPI (kafka_source, datagen_source), then event time when the query needs it. */
public record ProviderSourceNode(String statement, String name, SourceProvider provider, Schema schema,
                                 Optional<EventTimeSpec> eventTime, RowErrorHandler eventTimeErrors)
        implements PlanNode {

    @Override
    public String describe() {
        return provider.describe() + eventTime.map(e -> " -> event time from " + e.column() + ", watermark = max - "
                + e.maxOutOfOrderness().toMillis() + "ms, per record").orElse("");
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of();
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> rows = provider.build(job.env());
        job.sourceUids(rows, statement + "/source/" + name);
        job.deadLetters().addDecoderLetters(statement, rows);
        if (eventTime.isEmpty()) {
            return rows;
        }
        return EventTimeStep.apply(rows, schema, provider.schema().size() + SystemColumns.TIMESTAMP_OFFSET,
                eventTime.get(), eventTimeErrors, statement + ": " + name);
    }
}
