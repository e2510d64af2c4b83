package dev.veloflink.planner;

import dev.veloflink.connectors.SinkFactory;
import dev.veloflink.connectors.stdout.StdoutSink;
import dev.veloflink.dialect.types.Schema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

/** A plain query's sink: its rows on standard output as CSV with a header (SPEC §2.3). */
final class StdoutSinkPlan {
    private StdoutSinkPlan() {
    }

    static SinkPlan of(Schema schema, java.util.Optional<java.nio.file.Path> spool) {
        return new SinkPlan("stdout", new SinkFactory.SinkProvider() {
            @Override
            public String describe() {
                return "standard output (CSV with a header, parallelism 1)";
            }

            @Override
            public java.util.Optional<DataStream<String>> attach(DataStream<Row> rows, String operatorName) {
                rows.sinkTo(new StdoutSink(schema, spool.map(java.nio.file.Path::toString).orElse(null)))
                        .name(operatorName).setParallelism(1);
                return java.util.Optional.empty();
            }
        });
    }
}
