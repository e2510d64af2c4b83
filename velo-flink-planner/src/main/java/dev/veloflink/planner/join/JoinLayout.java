package dev.veloflink.planner.join;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.planner.bind.RelationScope;
import dev.veloflink.runtime.RowExpr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Row layouts and filters that the stream-table, interval and subquery joins build alike. */
public final class JoinLayout {
    private JoinLayout() {
    }

    /** The joined layout, its names qualified by relation so the Flink row type has unique field names. */
    public static Schema uniquelyNamed(List<Column> columns, List<RelationScope> scopes) {
        List<Column> named = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            String owner = "";
            for (RelationScope scope : scopes) {
                if (i >= scope.offset() && i < scope.offset() + scope.schema().size()) {
                    owner = scope.alias() + ".";
                }
            }
            String name = columns.get(i).name().contains(".") ? columns.get(i).name() : owner + columns.get(i).name();
            String unique = name;
            for (int n = 2; !used.add(unique.toLowerCase(Locale.ROOT)); n++) {
                unique = name + "#" + n;
            }
            named.add(new Column(unique, columns.get(i).type(), columns.get(i).nullable(), columns.get(i).key()));
        }
        return new Schema(named);
    }

    /** TRUE only when every conjunct is TRUE (FALSE or NULL rejects the candidate). */
    public static RowExpr allTrue(List<RowExpr> conjuncts) {
        RowExpr[] all = conjuncts.toArray(new RowExpr[0]);
        return (row, ctx) -> {
            for (RowExpr c : all) {
                if (!Boolean.TRUE.equals(c.eval(row, ctx))) {
                    return Boolean.FALSE;
                }
            }
            return Boolean.TRUE;
        };
    }
}
