package dev.veloflink.planner;

import dev.veloflink.connectors.file.FileSourceOptions;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.ast.WithClause;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The properties of a statement's WITH clauses, split by scope (SPEC §5.3): a key whose first part names a relation
 * of the statement is that relation's; any other key is a statement key.
 */
final class WithClauseProps implements StatementProps {
    private final Map<String, Map<String, String>> scoped;
    private final Map<String, String> statementKeys;

    private WithClauseProps(Map<String, Map<String, String>> scoped, Map<String, String> statementKeys) {
        this.scoped = scoped;
        this.statementKeys = statementKeys;
    }

    static WithClauseProps of(Statement.Create create, Set<String> relationNames) {
        List<WithClause.Property> properties = new ArrayList<>();
        create.with().ifPresent(w -> properties.addAll(w.properties()));
        fromItemWiths(create.query(), properties, relationNames);
        Map<String, Map<String, String>> scoped = new LinkedHashMap<>();
        Map<String, String> statement = new LinkedHashMap<>();
        for (WithClause.Property property : properties) {
            String key = property.key().toLowerCase(Locale.ROOT);
            String value = Env.substitute(property.value());
            String owner = null;
            for (String name : relationNames) {
                if (key.startsWith(name + ".") && (owner == null || name.length() > owner.length())) {
                    owner = name;
                }
            }
            if (owner != null) {
                scoped.computeIfAbsent(owner, n -> new LinkedHashMap<>()).put(key.substring(owner.length() + 1), value);
            } else {
                statement.put(key, value);
            }
        }
        return new WithClauseProps(scoped, statement);
    }

    private static void fromItemWiths(Query query, List<WithClause.Property> into, Set<String> relationNames) {
        if (query instanceof Query.Union union) {
            fromItemWiths(union.left(), into, relationNames);
            fromItemWiths(union.right(), into, relationNames);
        } else if (query instanceof Query.Select select && select.from().isPresent()
                && select.from().get() instanceof Query.NamedRelation named && named.with().isPresent()) {
            for (WithClause.Property p : named.with().get().properties()) {
                String key = p.key().toLowerCase(Locale.ROOT);
                // An unprefixed key defined for the source's type means name.k (SPEC §3.3); anything else keeps
                // its own scope, as if written in the statement's WITH.
                boolean scoped = relationNames.stream().anyMatch(n -> key.startsWith(n + "."));
                boolean sourceKey = FileSourceOptions.knownKeys().contains(key);
                String prefixed = !scoped && sourceKey ? named.name().toLowerCase(Locale.ROOT) + "." + key : key;
                into.add(new WithClause.Property(p.range(), p.valueRange(), prefixed, p.value(), p.kind()));
            }
        }
    }

    @Override
    public Map<String, String> scoped(String name) {
        return scoped.getOrDefault(name.toLowerCase(Locale.ROOT), Map.of());
    }

    @Override
    public Map<String, String> statementKeys() {
        return statementKeys;
    }

    /** {@code ${VAR}} and {@code ${VAR:default}} in values (SPEC §5.1). */
    static final class Env {
        private Env() {
        }

        static String substitute(String value) {
            if (value == null || !value.contains("${")) {
                return value;
            }
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < value.length()) {
                if (value.startsWith("$${", i)) {
                    out.append("${");
                    i += 3;
                } else if (value.startsWith("${", i) && value.indexOf('}', i) > 0) {
                    int end = value.indexOf('}', i);
                    String body = value.substring(i + 2, end);
                    int colon = body.indexOf(':');
                    String var = colon < 0 ? body : body.substring(0, colon);
                    String resolved = System.getenv(var);
                    if (resolved == null) {
                        if (colon < 0) {
                            throw new IllegalArgumentException("E403 environment variable " + var + " is not set");
                        }
                        resolved = body.substring(colon + 1);
                    }
                    out.append(resolved);
                    i = end + 1;
                } else {
                    out.append(value.charAt(i++));
                }
            }
            return out.toString();
        }
    }
}
