package dev.veloflink.connectors.jdbc;

import dev.veloflink.connectors.SinkFactory;
import dev.veloflink.dialect.types.Schema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code jdbc_sink} (alias {@code database_sink}): upserts by the output key, inserts without one (SPEC §5.5). */
public final class JdbcSinkFactory implements SinkFactory {

    @Override
    public void checkKeys(String statement, String name, Map<String, String> keys, Path baseDir) {
        JdbcSinkOptions.fromProperties(name, keys);
    }

    @Override
    public Set<String> types() {
        return JdbcSinkOptions.TYPES;
    }

    @Override
    public java.util.List<dev.veloflink.connectors.options.ConnectorOption> options() {
        return JdbcSinkOptions.declared();
    }

    @Override
    public SinkProvider create(String statement, String name, Map<String, String> keys, Path baseDir, Schema schema,
            List<Integer> keyColumns) {
        JdbcSinkOptions options = JdbcSinkOptions.fromProperties(name, keys);
        return new SinkProvider() {
            @Override
            public String describe() {
                return "jdbc_sink " + name + ": table " + options.table() + " at " + options.printableUrl()
                        + (options.user() == null ? "" : ", user " + options.user())
                        + (options.password() == null ? "" : ", password ****")
                        + (keyColumns.isEmpty() ? ", insert" : ", upsert by "
                                + String.join(", ", keyColumns.stream().map(i -> schema.column(i).name()).toList()))
                        + " (Sink V2 JdbcSink, flushed on checkpoints)";
            }

            @Override
            public boolean writesDeletions() {
                return !keyColumns.isEmpty();
            }

            @Override
            public Optional<DataStream<String>> attach(DataStream<Row> rows, String operatorName) {
                // A key's changes must reach one writer in order; one writer keeps that simple.
                rows.sinkTo(new JdbcSink(statement, options, schema, keyColumns)).name(operatorName).setParallelism(1);
                return Optional.empty();
            }
        };
    }
}
