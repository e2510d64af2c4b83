package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.props.PropertyResolver;
import dev.veloflink.dialect.props.ResolvedProperties;
import dev.veloflink.dialect.types.Column;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A statement's properties as the dialect resolves them (SPEC §5.1, §5.3): WITH, FROM-item WITH, config files with
 * {@code extends:}, and {@code ${VAR:default}}.
 */
final class DialectProps implements StatementProps {
    /** A process's environment never changes: copied once, not once per statement. */
    private static final Map<String, String> ENVIRONMENT = Map.copyOf(System.getenv());

    private final ResolvedProperties resolved;

    private DialectProps(ResolvedProperties resolved) {
        this.resolved = resolved;
    }

    /**
     * @param connectors the source types whose keys an unprefixed key in a FROM item's WITH may be (SPEC §3.3)
     * @throws dev.veloflink.dialect.diag.VeloSqlException E401/E403
     */
    static DialectProps resolve(Path sqlFile, Statement statement, Connectors connectors) {
        PropertyResolver resolver = new PropertyResolver(sqlFile, ENVIRONMENT, connectors::isSourceKey);
        return new DialectProps(resolver.resolve(statement, Set.of()));
    }

    @Override
    public Map<String, String> scoped(String name) {
        return resolved.scoped(name, Set.of());
    }

    @Override
    public Map<String, String> statementKeys() {
        return resolved.statementKeys();
    }

    Map<String, dev.veloflink.dialect.props.PropertyValue> scopedEntries(String name) {
        return resolved.scopedEntries(name);
    }

    /** Where X's key k was written: its own entry, else an inherited statement key (for diagnostics). */
    Optional<dev.veloflink.dialect.props.PropertyValue> entry(String name, String key) {
        return resolved.entry(name, key);
    }

    Map<String, dev.veloflink.dialect.props.PropertyValue> statementEntries() {
        return resolved.statementEntries();
    }

    /** The deployment-only keys of X's config file, accepted and ignored (SPEC §5.3). */
    java.util.List<String> ignoredConfigKeys(String name) {
        return resolved.ignoredConfigKeys(name);
    }

    Set<String> relationsWithKeys() {
        return resolved.relationsWithKeys();
    }

    Optional<List<Column>> schemaFields(String name) {
        return resolved.schemaFields(name);
    }
}
