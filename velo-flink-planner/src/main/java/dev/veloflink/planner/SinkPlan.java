package dev.veloflink.planner;

import dev.veloflink.connectors.file.FileSinkOptions;
import dev.veloflink.connectors.file.VeloFileSink;
import dev.veloflink.dialect.types.Schema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

/** Where a statement's rows go (SPEC §5.5). A file_sink has one writer, at parallelism 1. */
public record SinkPlan(String name, FileSinkOptions options, Schema schema) {

    public String describe() {
        return "file_sink " + name + ": " + options.path() + " (" + options.format().name().toLowerCase()
                + ", Sink V2 VeloFileSink, parallelism 1)";
    }

    public void attach(DataStream<Row> rows, String jobName) {
        rows.sinkTo(new VeloFileSink(options, schema)).name(jobName + ": file_sink " + name).setParallelism(1);
    }
}
