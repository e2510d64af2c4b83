package dev.veloflink.dialect.props;

import dev.veloflink.dialect.ast.SourceRange;

import java.nio.file.Path;

/**
 * One resolved property: its key (without the relation prefix), its value after {@code ${VAR}} substitution, and
 * where it was written ({@code file} is the .sql file or a YAML config file), for diagnostics (SPEC §16.1).
 */
public record PropertyValue(String key, String value, Origin origin, Path file, SourceRange keyRange,
                            SourceRange valueRange) {

    public enum Origin { WITH, CONFIG_FILE, STATEMENT_KEY }

    /** The value as it may be printed (secrets masked, SPEC §5.1). */
    public String printable() {
        return PropertyResolver.mask(key, value);
    }
}
