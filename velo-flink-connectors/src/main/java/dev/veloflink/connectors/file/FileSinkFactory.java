package dev.veloflink.connectors.file;

import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.SinkFactory;
import dev.veloflink.dialect.types.Schema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code file_sink}: one output file, one writer at parallelism 1 (SPEC §5.5). Deletions are not written. */
public final class FileSinkFactory implements SinkFactory {

    @Override
    public void checkKeys(String statement, String name, Map<String, String> keys, Path baseDir) {
        FileSinkOptions.fromProperties(name, keys, baseDir);
    }

    @Override
    public Set<String> types() {
        return Set.of(FileSinkOptions.CONNECTOR);
    }

    @Override
    public List<ConnectorOption> options() {
        return FileSinkOptions.declared();
    }

    /** A file sink appends; it has no key, so hidden key columns are simply not written. */
    @Override
    public SinkProvider create(String statement, String name, Map<String, String> keys, Path baseDir, Schema schema,
                               Schema rowSchema, List<Integer> keyColumns) {
        return create(statement, name, keys, baseDir, schema, List.of());
    }

    @Override
    public SinkProvider create(String statement, String name, Map<String, String> keys, Path baseDir, Schema schema,
                               List<Integer> keyColumns) {
        FileSinkOptions options = FileSinkOptions.fromProperties(name, keys, baseDir);
        return new SinkProvider() {
            @Override
            public String describe() {
                return "file_sink " + name + ": " + options.path() + " (" + options.format().name().toLowerCase()
                        + ", encoded at the statement's parallelism, Sink V2 VeloFileSink, parallelism 1)";
            }

            @Override
            public Optional<DataStream<String>> attach(DataStream<Row> rows, String operatorName) {
                VeloFileSink.write(rows, options, schema, operatorName);
                return Optional.empty();
            }
        };
    }

    /** It can be a statement's dead-letter target (SPEC §5.6). */
    @Override
    public Optional<dev.veloflink.connectors.deadletter.DeadLetterSink> deadLetterTarget(String statement,
            Map<String, String> keys, Path baseDir) {
        return Optional.of(dev.veloflink.connectors.deadletter.DeadLetterSinkFactory.fileSink(keys, baseDir));
    }

    @Override
    public boolean isDeadLetterTarget() {
        return true;
    }
}
