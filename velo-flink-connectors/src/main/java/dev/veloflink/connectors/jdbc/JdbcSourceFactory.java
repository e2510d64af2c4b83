package dev.veloflink.connectors.jdbc;

import dev.veloflink.connectors.SchemaUnavailableException;
import dev.veloflink.connectors.SourceFactory;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.options.CommonOptions;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.connectors.table.TableLoadSlots;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.types.Schema;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * {@code jdbc_source} (alias {@code database_source}, SPEC §5.5): resolves the options and the schema ({@code columns},
 * else the result set metadata of the table or query, read at plan time) and returns a {@link JdbcSourceProvider}.
 * Bounded without {@code incremental.column}.
 */
public final class JdbcSourceFactory implements SourceFactory {

    @Override
    public Set<String> types() {
        return JdbcSourceOptions.TYPES;
    }

    @Override
    public java.util.List<dev.veloflink.connectors.options.ConnectorOption> options() {
        return JdbcSourceOptions.declared();
    }

    /**
     * @throws dev.veloflink.connectors.options.MissingOptionException (E402) without url, or table and query
     * @throws InvalidOptionException (E401) for an invalid value, or an incremental.column not in the result
     * @throws SchemaUnavailableException (E404) when the schema must be inferred and the database cannot be read
     */
    @Override
    public JdbcSourceProvider create(String statement, String name, Map<String, String> keys, Path baseDir,
            ErrorStrategy errorStrategy) {
        JdbcSourceOptions options = JdbcSourceOptions.fromProperties(name, keys);
        OptionReader reader = new OptionReader(JdbcSourceOptions.CONNECTOR, keys);
        Schema schema;
        String origin;
        var columns = reader.raw(CommonOptions.COLUMNS);
        if (columns.isPresent()) {
            try {
                schema = new Schema(VeloParser.parseColumnList(columns.get()));
            } catch (RuntimeException e) {
                throw reader.invalid(CommonOptions.COLUMNS, columns.get(),
                        "column definitions, e.g. 'id BIGINT NOT NULL, amount DECIMAL(10,2)' (" + e.getMessage() + ")");
            }
            origin = CommonOptions.columnsOrigin(reader);
        } else {
            try {
                schema = JdbcSchemaReader.infer(options);
            } catch (SQLException e) {
                throw new SchemaUnavailableException("jdbc_source '" + name + "': cannot read the schema of "
                        + (options.table() != null ? "table '" + options.table() + "'" : "the query") + " at "
                        + options.printableUrl() + ": " + e.getMessage(), e);
            }
            origin = "jdbc metadata of " + options.positionName();
            if (options.incrementalColumn() != null && schema.indexOf(options.incrementalColumn()) < 0) {
                throw reader.invalid(JdbcSourceOptions.INCREMENTAL_COLUMN, options.incrementalColumn(),
                        "a column of the result: " + String.join(", ", schema.names()));
            }
        }
        return new JdbcSourceProvider(statement, options, schema, origin, errorStrategy,
                keys.get(TableLoadSlots.APP_MAX_PARALLEL_LOADS));
    }
}
