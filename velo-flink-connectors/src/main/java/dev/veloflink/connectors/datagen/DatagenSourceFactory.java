package dev.veloflink.connectors.datagen;

import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.SourceFactory;
import dev.veloflink.connectors.SourceProvider;
import dev.veloflink.connectors.decode.ErrorStrategy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code datagen_source} type: generated rows for tests, demos and benchmarks (docs/datagen.md).
 *
 * <pre>{@code
 * 'readings.type' = 'datagen_source',
 * 'readings.rows' = '1000000',
 * 'readings.columns' = 'id BIGINT, station STRING, temp DECIMAL(5,1)',
 * 'readings.fields.id.kind' = 'sequence',
 * 'readings.fields.station.kind' = 'choice',
 * 'readings.fields.station.values' = 'Oslo,Lima,Pune'
 * }</pre>
 *
 * Generated rows are never bad, so the error strategy does not apply.
 */
public final class DatagenSourceFactory implements SourceFactory {
    public static final String TYPE = DatagenOptions.CONNECTOR;

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    /** The fixed keys; per-column keys {@code fields.<column>.<attribute>} are checked by {@link #isKnownKey}. */
    @Override
    public Set<String> knownKeys() {
        return DatagenOptions.knownKeys();
    }

    @Override
    public List<ConnectorOption> options() {
        return DatagenOptions.declared();
    }

    public static boolean isKnownKey(String key) {
        return DatagenOptions.isKnownKey(key);
    }

    @Override
    public SourceProvider create(String statement, String name, Map<String, String> keys, Path baseDir,
                                 ErrorStrategy errorStrategy) {
        return new DatagenSourceProvider(statement, DatagenOptions.fromProperties(name, keys));
    }
}
