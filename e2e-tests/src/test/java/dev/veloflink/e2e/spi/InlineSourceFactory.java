package dev.veloflink.e2e.spi;

import dev.veloflink.connectors.SourceFactory;
import dev.veloflink.connectors.SourceProvider;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.options.ConnectorOptions;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.types.Schema;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code inline_source}: a test connector whose rows are written in the application itself
 * ({@code 'x.rows' = '1,EUR;2,GBP'}). It is registered only by this module's {@code META-INF/services} file; the
 * planner knows nothing of it, and reads it as a stream, the table side of a join and a subquery's table because its
 * provider says it can be one ({@link dev.veloflink.connectors.TableRole#TABLE}).
 */
public final class InlineSourceFactory implements SourceFactory {
    static final String TYPE = "inline_source";

    static final List<ConnectorOption> OPTIONS = List.of(
            ConnectorOption.required("type", "STRING", "`inline_source`."),
            ConnectorOption.required("columns", "column list", "The columns, e.g. `id BIGINT, ccy STRING`."),
            ConnectorOption.required("rows", "STRING", "The rows, `;` between rows, `,` between values (CSV)."),
            ConnectorOption.optional("key.fields", "STRING", null, "The key columns when read as a table."),
            ConnectorOption.optional("label", "STRING", null, "A name shown by `velo explain`."),
            ConnectorOption.optional("token", "STRING", null, "A secret, to show that `explain` masks it.")
                    .asSensitive(),
            ConnectorOption.optional("error.strategy", "skip, fail, dead_letter", "skip",
                    "What a row that does not decode does (SPEC §6.3)."));

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    @Override
    public List<ConnectorOption> options() {
        return OPTIONS;
    }

    @Override
    public SourceProvider create(String statement, String name, Map<String, String> keys, Path baseDir,
                                 ErrorStrategy errorStrategy) {
        ConnectorOptions.requireAll(TYPE, OPTIONS, keys);
        String columns = keys.get("columns");
        Schema schema;
        try {
            schema = new Schema(VeloParser.parseColumnList(columns));
        } catch (RuntimeException e) {
            throw new InvalidOptionException(TYPE, "columns", columns, "column definitions");
        }
        List<String> rows = Arrays.stream(keys.get("rows").split(";")).map(String::strip)
                .filter(r -> !r.isEmpty()).toList();
        if (rows.isEmpty()) {
            throw new InvalidOptionException(TYPE, "rows", keys.get("rows"), "at least one row");
        }
        return new InlineSourceProvider(statement, name, schema, rows, errorStrategy,
                ConnectorOptions.printable(OPTIONS.stream().filter(o -> !o.required()).toList(), keys));
    }
}
