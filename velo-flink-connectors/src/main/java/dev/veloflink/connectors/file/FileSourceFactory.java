package dev.veloflink.connectors.file;

import dev.veloflink.connectors.SchemaUnavailableException;
import dev.veloflink.connectors.SourceFactory;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.options.CommonOptions;
import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.options.InvalidColumnsException;
import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.diag.CodedError;
import dev.veloflink.dialect.types.Schema;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code 'X.type' = 'file_source'} (alias {@code file_source_mmap}, the original engine's name; SPEC §5.5): files
 * matched by a path, read in path order, decoded as csv or JSON lines. The schema (SPEC §6.1) is the declared
 * {@code columns}, else a config file's {@code schema.fields} (which the planner passes as {@code columns} with
 * {@link CommonOptions#COLUMNS_ORIGIN}), else inferred by sampling the files (SPEC §6.2).
 */
public final class FileSourceFactory implements SourceFactory {

    @Override
    public Set<String> types() {
        return Set.of(FileSourceOptions.CONNECTOR, "file_source_mmap");
    }

    @Override
    public List<ConnectorOption> options() {
        return FileSourceOptions.declared();
    }

    /**
     * @throws dev.veloflink.connectors.options.InvalidOptionException (E401) for an invalid value
     * @throws dev.veloflink.connectors.options.MissingOptionException (E402) without {@code path}
     * @throws InvalidColumnsException (E301) for a {@code columns} value that is not a column list
     * @throws FileNotMatchedException (E402) when the path matches no file that must be there now
     * @throws SchemaUnavailableException (E404) when the schema must be inferred and cannot be
     */
    @Override
    public FileSourceProvider create(String statement, String name, Map<String, String> keys, Path baseDir,
                                     ErrorStrategy errorStrategy) {
        FileSourceOptions options = FileSourceOptions.fromProperties(name, keys, baseDir);
        OptionReader reader = new OptionReader(FileSourceOptions.CONNECTOR, keys);
        Optional<String> columns = reader.raw(CommonOptions.COLUMNS);
        Schema schema;
        String origin;
        if (columns.isPresent()) {
            try {
                schema = new Schema(VeloParser.parseColumnList(columns.get()));
            } catch (RuntimeException e) {
                throw new InvalidColumnsException(name, e.getMessage());
            }
            origin = CommonOptions.columnsOrigin(reader);
            if (reader.raw(CommonOptions.COLUMNS_ORIGIN).isEmpty()) {
                // Declared in WITH only, as the planner checked before this factory: a config file's schema.fields
                // leave the path to be checked when the job starts.
                requireMatchNow(options);
            }
        } else {
            InferredSchema inferred = infer(name, options, reader.positiveInt(CommonOptions.INFER_ROWS));
            schema = inferred.schema();
            origin = inferred.origin();
        }
        DecoderSpec decoder = new DecoderSpec(statement, name, options.effectiveFormat(), options.delimiter(),
                options.quote(), schema, errorStrategy);
        return new FileSourceProvider(statement, options, decoder, origin);
    }

    private static InferredSchema infer(String name, FileSourceOptions options, int inferRows) {
        try {
            return FileSchemaInference.infer(options, inferRows);
        } catch (FileNotMatchedException e) {
            throw e;
        } catch (RuntimeException e) {
            // E404 whatever the cause: no record, an unreadable file, a header naming a column twice.
            String why = e instanceof CodedError coded ? coded.detail() : e.getMessage();
            throw new SchemaUnavailableException("cannot resolve the schema of '" + name + "': " + why, e,
                    "a readable file with at least one record, or '" + name + "." + CommonOptions.COLUMNS.key() + "'");
        }
    }

    /**
     * A bounded file source with declared columns reads no sample, so its path is checked here: without a
     * {@code file.wait.timeout} a path matching nothing is E402 at validation, not a failure once the job runs.
     */
    private static void requireMatchNow(FileSourceOptions options) {
        if (options.watching() || !options.fileWaitTimeout().isZero() || !FileMatcher.match(options.path()).isEmpty()) {
            return;
        }
        throw new FileNotMatchedException(options.name(), FileDiscovery.notMatchedMessage(options));
    }
}
