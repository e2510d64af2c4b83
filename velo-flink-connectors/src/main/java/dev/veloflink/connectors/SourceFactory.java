package dev.veloflink.connectors;

import dev.veloflink.connectors.decode.ErrorStrategy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Binds a source type ({@code 'X.type' = 'kafka_source'}) from its properties, in the layout of Flink's own
 * connector factories: one factory per type, its keys listed for W101, its options parsed into a record.
 */
public interface SourceFactory {

    /** The {@code type} values this factory serves, lower case (a type and its aliases). */
    Set<String> types();

    /**
     * Every key this type accepts, for W101's nearest-key hint: by default the {@link #options} declared, a
     * connector with keys beyond its declaration (patterns such as {@code fields.<column>.kind}) lists them here.
     */
    default Set<String> knownKeys() {
        return dev.veloflink.connectors.options.ConnectorOptions.keys(options());
    }

    /**
     * The keys this type accepts, each declared once with its type, default, description and flags
     * ({@link dev.veloflink.connectors.options.ConnectorOption}); they make its docs table. Empty for a connector
     * that lists only {@link #knownKeys}.
     */
    default java.util.List<dev.veloflink.connectors.options.ConnectorOption> options() {
        return java.util.List.of();
    }

    /**
     * Where this source would sample its schema from, as a location a sink of the same application may write
     * ({@link SinkFactory#writtenLocation}): the planner then gives it the writing statement's output schema, since
     * what it would sample is still empty when the application is planned (SPEC §5.2). Empty, the default, when the
     * source does not sample its schema with these keys (it declares columns, or its format carries a schema).
     *
     * @param name the source name
     * @param keys its keys, unprefixed, lower case
     */
    default java.util.Optional<String> sampledLocation(String name, Map<String, String> keys) {
        return java.util.Optional.empty();
    }

    /**
     * Binds one source.
     *
     * @param statement the statement's job name (counter labels, messages)
     * @param name      the source name
     * @param keys      its keys, unprefixed, lower case, with the statement keys it inherits (SPEC §5.6)
     * @param baseDir   the application's folder, for relative paths
     * @throws dev.veloflink.connectors.options.InvalidOptionException E401
     * @throws dev.veloflink.connectors.options.MissingOptionException E402
     */
    SourceProvider create(String statement, String name, Map<String, String> keys, Path baseDir,
                          ErrorStrategy errorStrategy);
}
