package dev.veloflink.runtime.subquery;

import dev.veloflink.functions.FunctionContext;
import dev.veloflink.functions.RowErrorException;
import dev.veloflink.functions.ops.BinaryImpl;
import dev.veloflink.runtime.RowExpr;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.util.List;

/**
 * What a subquery expression makes of the subquery's values for one outer row (SPEC §3.5): the value of a scalar
 * subquery, or the BOOLEAN of EXISTS, IN and a quantified comparison under SQL three-valued logic.
 */
public sealed interface SubqueryResult extends Serializable {

    Object apply(Row outer, List<Object> values, FunctionContext ctx);

    /** {@code (query)}: NULL when empty, the value of one row, a row error (eval_error) for more. */
    record Scalar() implements SubqueryResult {
        @Override
        public Object apply(Row outer, List<Object> values, FunctionContext ctx) {
            if (values.size() > 1) {
                throw new RowErrorException("eval_error", "scalar subquery returned " + values.size()
                        + " rows (at most one is allowed)");
            }
            return values.isEmpty() ? null : values.get(0);
        }
    }

    /**
     * The values themselves, as a list: a nested subquery that names a relation further out is evaluated there, and
     * its expression (scalar, EXISTS, IN, ANY/ALL) is applied to these values where it is written.
     */
    record Values() implements SubqueryResult {
        @Override
        public Object apply(Row outer, List<Object> values, FunctionContext ctx) {
            return new java.util.ArrayList<>(values);
        }
    }

    /** {@code EXISTS (query)}: whether it has a row. */
    record Exists() implements SubqueryResult {
        @Override
        public Object apply(Row outer, List<Object> values, FunctionContext ctx) {
            return !values.isEmpty();
        }
    }

    /**
     * {@code x [NOT] IN (query)}: TRUE when some value equals x; else FALSE when empty or no comparison was NULL;
     * else NULL. NOT IN negates that, so a NULL among the values makes NOT IN NULL, never TRUE.
     *
     * @param left   x, over the outer row
     * @param equals x = value, with the types' coercions
     */
    record In(RowExpr left, BinaryImpl equals, boolean negated) implements SubqueryResult {
        @Override
        public Object apply(Row outer, List<Object> values, FunctionContext ctx) {
            Boolean any = Quantified.any(left.eval(outer, ctx), values, equals, ctx);
            return any == null ? null : negated != any;
        }
    }

    /**
     * {@code x op ANY|SOME|ALL (query)}. ANY: TRUE when some comparison is TRUE, FALSE over an empty result, NULL
     * when none is TRUE but one is NULL. ALL: FALSE when some comparison is FALSE, TRUE over an empty result, NULL
     * when none is FALSE but one is NULL.
     *
     * @param left    x, over the outer row
     * @param compare x op value, with the types' coercions
     */
    record Quantified(RowExpr left, BinaryImpl compare, boolean all) implements SubqueryResult {
        @Override
        public Object apply(Row outer, List<Object> values, FunctionContext ctx) {
            Object x = left.eval(outer, ctx);
            return all ? all(x, values, compare, ctx) : any(x, values, compare, ctx);
        }

        static Boolean any(Object x, List<Object> values, BinaryImpl compare, FunctionContext ctx) {
            boolean sawNull = false;
            for (Object value : values) {
                Object r = compare.apply(x, value, ctx);
                if (Boolean.TRUE.equals(r)) {
                    return Boolean.TRUE;
                }
                sawNull |= r == null;
            }
            return sawNull ? null : Boolean.FALSE;
        }

        static Boolean all(Object x, List<Object> values, BinaryImpl compare, FunctionContext ctx) {
            boolean sawNull = false;
            for (Object value : values) {
                Object r = compare.apply(x, value, ctx);
                if (Boolean.FALSE.equals(r)) {
                    return Boolean.FALSE;
                }
                sawNull |= r == null;
            }
            return sawNull ? null : Boolean.TRUE;
        }
    }
}
