package dev.veloflink.planner.bind;

import dev.veloflink.dialect.diag.EditDistance;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.VeloType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The names an expression can see: the relations of FROM and JOIN, laid out one after another in the input row, and
 * aliases of earlier select items (alias reuse, SPEC §3.2), which resolve to slots after the input fields.
 */
public final class Scope {
    private final List<RelationScope> relations;
    private final Map<String, ResolvedColumn> aliases = new LinkedHashMap<>();
    private final boolean aliasesWin;

    private Scope(List<RelationScope> relations, boolean aliasesWin) {
        this.relations = List.copyOf(relations);
        this.aliasesWin = aliasesWin;
    }

    public static Scope of(List<RelationScope> relations) {
        return new Scope(relations, false);
    }

    /** A scope where an alias wins over an input column of the same name (HAVING, ORDER BY of aggregations). */
    public static Scope aliasesFirst(List<RelationScope> relations) {
        return new Scope(relations, true);
    }

    public List<RelationScope> relations() {
        return relations;
    }

    public int inputArity() {
        return relations.stream().mapToInt(r -> r.offset() + r.schema().size()).max().orElse(0);
    }

    /** Makes an earlier select item's alias visible to later items at {@code rowIndex}. */
    public void addAlias(String alias, VeloType type, int rowIndex) {
        aliases.putIfAbsent(alias.toLowerCase(Locale.ROOT),
                new ResolvedColumn(rowIndex, new Column(alias, type), null));
    }

    /**
     * Resolves a name path. The first part may name a relation (qualified), else it is a column; a column found in
     * two relations is ambiguous (E204). Struct paths are not resolved here.
     */
    public Resolution resolve(Expr.ColumnRef ref) {
        List<String> parts = ref.parts();
        if (parts.size() >= 2) {
            for (RelationScope relation : relations) {
                if (relation.answersTo(parts.get(0))) {
                    Optional<Integer> local = relation.localIndex(parts.get(1));
                    if (local.isPresent()) {
                        return Resolution.found(column(relation, local.get()), parts.subList(2, parts.size()));
                    }
                    return Resolution.missing("unknown column '" + parts.get(1) + "' in " + relation.alias(),
                            "a column of " + relation.alias() + " (" + String.join(", ",
                                    visibleNames(relation)) + ")", nearest(parts.get(1), visibleNames(relation)));
                }
            }
        }
        String name = parts.get(0);
        ResolvedColumn alias = aliases.get(name.toLowerCase(Locale.ROOT));
        if (alias != null && aliasesWin) {
            return Resolution.found(alias, parts.subList(1, parts.size()));
        }
        List<ResolvedColumn> found = new ArrayList<>();
        for (RelationScope relation : relations) {
            relation.localIndex(name).ifPresent(i -> found.add(column(relation, i)));
        }
        if (found.size() > 1) {
            return Resolution.ambiguous("column '" + name + "' is ambiguous: it is in "
                    + String.join(" and ", found.stream().map(c -> c.relation().alias()).toList()));
        }
        if (found.size() == 1) {
            return Resolution.found(found.get(0), parts.subList(1, parts.size()));
        }
        if (alias != null) {
            return Resolution.found(alias, parts.subList(1, parts.size()));
        }
        List<String> candidates = new ArrayList<>();
        relations.forEach(r -> candidates.addAll(visibleNames(r)));
        aliases.values().forEach(a -> candidates.add(a.column().name()));
        String where = relations.isEmpty() ? "no relation is in scope"
                : "a column of " + String.join(", ", relations.stream()
                .map(r -> r.alias() + " (" + String.join(", ", visibleNames(r)) + ")").toList());
        return Resolution.missing("unknown column '" + String.join(".", parts) + "'", where,
                nearest(name, candidates));
    }

    private static ResolvedColumn column(RelationScope relation, int local) {
        return new ResolvedColumn(relation.offset() + local, relation.column(local), relation);
    }

    private static List<String> visibleNames(RelationScope relation) {
        return relation.schema().names().subList(0, relation.visibleColumns());
    }

    static String nearest(String name, List<String> candidates) {
        return candidates.stream()
                .min(Comparator.comparingInt(c -> EditDistance.between(c.toLowerCase(Locale.ROOT),
                        name.toLowerCase(Locale.ROOT))))
                .filter(c -> EditDistance.between(c.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))
                        <= Math.max(2, name.length() / 2))
                .map(c -> "did you mean '" + c + "'?").orElse(null);
    }

    /** The outcome of resolving a name: a column, or why not. */
    public record Resolution(ResolvedColumn column, List<String> fieldPath, String code, String message,
                             String expected, String hint) {
        static Resolution found(ResolvedColumn column, List<String> fieldPath) {
            return new Resolution(column, List.copyOf(fieldPath), null, null, null, null);
        }

        static Resolution missing(String message, String expected, String hint) {
            return new Resolution(null, List.of(), "E201", message, expected, hint);
        }

        static Resolution ambiguous(String message) {
            return new Resolution(null, List.of(), "E204", message, "a qualified name, e.g. alias.column",
                    "qualify the column with its relation's alias");
        }

        public boolean isFound() {
            return column != null;
        }
    }
}
