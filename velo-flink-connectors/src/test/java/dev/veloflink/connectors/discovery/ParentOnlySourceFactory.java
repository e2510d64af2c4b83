package dev.veloflink.connectors.discovery;

import dev.veloflink.connectors.SourceFactory;
import dev.veloflink.connectors.SourceProvider;
import dev.veloflink.connectors.decode.ErrorStrategy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A connector that only the parent class loader of {@link ConnectorFactoriesClassLoaderTest} has: it stands for a
 * connector jar in Flink's {@code lib/} beside a user jar that brings its own copy of the connector API.
 */
public final class ParentOnlySourceFactory implements SourceFactory {
    static final String TYPE = "parent_only_source";

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    @Override
    public SourceProvider create(String statement, String name, Map<String, String> keys, Path baseDir,
                                 ErrorStrategy errorStrategy) {
        throw new UnsupportedOperationException("only discovered, never planned, in this test");
    }
}
