package dev.veloflink.planner.join;

import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.types.Schema;

import java.util.ArrayList;
import java.util.List;

/** The output key of a CREATE TABLE (SPEC §2.2): the positions of its {@code PRIMARY KEY} select items. */
public final class TableKeys {
    private TableKeys() {
    }

    /**
     * Positions in {@code output} of the items marked PRIMARY KEY, in select order; empty when none is marked. A
     * {@code *} item stands for the output columns the other items leave over.
     */
    public static List<Integer> primaryKey(Query query, Schema output) {
        if (!(query instanceof Query.Select select)) {
            return List.of();
        }
        long stars = select.items().stream().filter(i -> i instanceof Query.AllColumns).count();
        long exprs = select.items().size() - stars;
        List<Integer> key = new ArrayList<>();
        int position = 0;
        for (Query.SelectItem item : select.items()) {
            if (item instanceof Query.ExprItem e) {
                if (e.primaryKey()) {
                    key.add(position);
                }
                position++;
            } else if (stars == 1) {
                position += (int) (output.size() - exprs);
            } else {
                // Several stars: their widths are not known here; positions after them are unreliable.
                return key;
            }
        }
        return key;
    }
}
