package dev.veloflink.planner.plan;

import dev.veloflink.connectors.SourceProvider;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.runtime.RowErrorHandler;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.util.List;
import java.util.Optional;

/** A source bound through the connector SPI (every source type), then event time when the query needs it. */
public record ProviderSourceNode(String statement, String name, SourceProvider provider, Schema schema,
                                 Optional<EventTimeSpec> eventTime, RowErrorHandler eventTimeErrors)
        implements PlanNode {

    @Override
    public String describe() {
        return provider.describe() + eventTime.map(e -> (recordTime() ? " -> event time from the record timestamp"
                + ", watermark per partition" : " -> event time from " + e.column() + ", watermark") + " = max - "
                + e.maxOutOfOrderness().toMillis() + "ms, per record").orElse("");
    }

    /**
     * Whether the rows' event time is their records' own timestamp (Kafka, no {@code event.time.field}, SPEC §8):
     * then the source itself stamps them and makes the watermarks, per partition (SPEC §10.3).
     */
    private boolean recordTime() {
        return provider.hasRecordTimestamps() && eventTime.isPresent()
                && eventTime.get().column().equalsIgnoreCase(SystemColumns.TIMESTAMP);
    }

    @Override
    public List<PlanNode> inputs() {
        return List.of();
    }

    @Override
    public DataStream<Row> build(JobContext job) {
        DataStream<Row> rows = recordTime() ? provider.build(job.env(), EventTimeStep.watermarks(eventTime.get()))
                : provider.build(job.env());
        job.sourceUids(rows, statement + "/source/" + name);
        job.deadLetters().addDecoderLetters(statement, rows);
        if (eventTime.isEmpty() || recordTime()) {
            return rows;
        }
        return EventTimeStep.apply(job, rows, schema, provider.schema().size() + SystemColumns.TIMESTAMP_OFFSET,
                eventTime.get(), eventTimeErrors, statement + ": " + name);
    }
}
