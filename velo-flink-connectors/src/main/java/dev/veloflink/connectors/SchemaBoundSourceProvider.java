package dev.veloflink.connectors;

import dev.veloflink.dialect.types.Schema;

/**
 * A {@link SourceProvider} whose schema, and where it came from, were settled by its factory at plan time (declared
 * columns, or read from the database, a topic sample or a file), rather than derived from its options.
 */
public abstract class SchemaBoundSourceProvider implements SourceProvider {
    private final Schema schema;
    private final String origin;

    protected SchemaBoundSourceProvider(Schema schema, String origin) {
        this.schema = schema;
        this.origin = origin;
    }

    @Override
    public final Schema schema() {
        return schema;
    }

    @Override
    public final String schemaOrigin() {
        return origin;
    }
}
