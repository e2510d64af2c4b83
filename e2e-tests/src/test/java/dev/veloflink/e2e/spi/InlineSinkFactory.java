package dev.veloflink.e2e.spi;

import dev.veloflink.connectors.SinkFactory;
import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.options.ConnectorOptions;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code inline_sink}: a test connector that writes each row as one {@code |}-separated line to {@code path}, at
 * parallelism 1, deletions dropped (an append sink). Registered only by this module's {@code META-INF/services}.
 */
public final class InlineSinkFactory implements SinkFactory {
    static final String TYPE = "inline_sink";

    static final List<ConnectorOption> OPTIONS = List.of(
            ConnectorOption.required("type", "STRING", "`inline_sink`."),
            ConnectorOption.required("path", "STRING", "The file written, relative to the application's folder."));

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    @Override
    public List<ConnectorOption> options() {
        return OPTIONS;
    }

    @Override
    public void checkKeys(String statement, String name, Map<String, String> keys, Path baseDir) {
        ConnectorOptions.requireAll(TYPE, OPTIONS, keys);
    }

    @Override
    public SinkProvider create(String statement, String name, Map<String, String> keys, Path baseDir, Schema schema,
                               List<Integer> keyColumns) {
        ConnectorOptions.requireAll(TYPE, OPTIONS, keys);
        // Resolved here, at plan time: the writer may run on another machine's working directory.
        String path = baseDir.resolve(keys.get("path")).toAbsolutePath().toString();
        VeloType[] types = schema.columns().stream().map(c -> c.type()).toArray(VeloType[]::new);
        return new SinkProvider() {
            @Override
            public String describe() {
                return "inline_sink " + name + " (" + path + ") -> LinesSink";
            }

            @Override
            public Optional<DataStream<String>> attach(DataStream<Row> rows, String operatorName) {
                rows.sinkTo(new LinesSink(path, types)).name(operatorName).setParallelism(1);
                return Optional.empty();
            }
        };
    }
}
