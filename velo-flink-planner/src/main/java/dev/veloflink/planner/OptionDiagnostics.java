package dev.veloflink.planner;

import dev.veloflink.connectors.ErrorGuidance;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.connectors.options.InvalidOptionsException;
import dev.veloflink.dialect.ast.Node;
import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;
import dev.veloflink.dialect.props.PropertyValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A connector's option errors as diagnostics (SPEC §16.1): every invalid key the connector found, one code each, the
 * caret on the value of the entry that set it (in WITH or a config file), else on {@code fallback} (a missing key has
 * no entry to point at); an error with {@link ErrorGuidance} names its key, expected line and hint itself.
 */
final class OptionDiagnostics {
    private OptionDiagnostics() {
    }

    /**
     * @param entries where relation X's key k was written: {@code (X, k) -> entry}
     */
    static VeloSqlException of(RuntimeException error, String relation,
                               BiFunction<String, String, Optional<PropertyValue>> entries, Path file, Node fallback) {
        List<? extends RuntimeException> each = error instanceof InvalidOptionsException several
                ? several.errors() : List.of(error);
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (RuntimeException e : each) {
            ConnectorError coded = ConnectorError.of(e);
            // What the connector says beyond code and detail: the key its caret marks, expected, a hint.
            ErrorGuidance guidance = e instanceof ErrorGuidance.Guided guided ? guided.guidance()
                    : new ErrorGuidance(e instanceof InvalidOptionException invalid ? invalid.key() : null, null, null);
            Optional<PropertyValue> entry = guidance.key() == null ? Optional.empty()
                    : entries.apply(relation, guidance.key());
            diagnostics.add(at(entry, file, fallback, coded.code(), coded.message(), guidance.expected(),
                    guidance.hint()));
        }
        return new VeloSqlException(Diagnostic.inPositionOrder(diagnostics));
    }

    /** An error about relation X's key k, the caret on the entry's value when it has one, else on {@code fallback}. */
    static VeloSqlException forKey(String relation, String key,
                                   BiFunction<String, String, Optional<PropertyValue>> entries, Path file,
                                   Node fallback, String code, String message, String expected, String hint) {
        return new VeloSqlException(at(entries.apply(relation, key), file, fallback, code, message, expected, hint));
    }

    private static Diagnostic at(Optional<PropertyValue> entry, Path file, Node fallback, String code,
                                 String message, String expected, String hint) {
        SourceRange range = entry.map(v -> v.valueRange() != null ? v.valueRange() : v.keyRange()).orElse(null);
        if (range == null || range.equals(SourceRange.NONE)) {
            return Diagnostic.error(code, message, file, fallback.range(), expected, hint);
        }
        return Diagnostic.error(code, message, entry.get().file(), range, expected, hint);
    }
}
