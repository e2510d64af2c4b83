package dev.veloflink.functions.scalar;

import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.ops.BinaryImpl;
import dev.veloflink.functions.ops.BinaryOperatorKind;
import dev.veloflink.functions.ops.Coercions;
import dev.veloflink.functions.ops.Operators;
import dev.veloflink.functions.ops.TypeRules;
import dev.veloflink.functions.ops.UnaryImpl;

/** COALESCE and NULLIF (SPEC §15). */
final class ConditionalFunctions {
    private ConditionalFunctions() {
    }

    static void register(FunctionRegistry r) {
        r.scalar("COALESCE", "COALESCE(a, ...) -> common type", a -> {
            a.count(1, Integer.MAX_VALUE);
            VeloType common = TypeRules.commonType(a.types);
            UnaryImpl[] coerce = new UnaryImpl[a.size()];
            for (int i = 0; i < coerce.length; i++) {
                coerce[i] = Coercions.coercion(a.type(i), common);
            }
            return new BoundScalar(common, (v, c) -> {
                for (int i = 0; i < v.length; i++) {
                    if (v[i] != null) {
                        return coerce[i].apply(v[i], c);
                    }
                }
                return null;
            });
        }, "IFNULL", "NVL");
        r.scalar("NULLIF", "NULLIF(a, b) -> a's type", a -> {
            a.count(2);
            BinaryImpl eq = Operators.bindComparison(BinaryOperatorKind.EQ, a.type(0), a.type(1)).impl();
            return new BoundScalar(a.type(0), (v, c) -> {
                if (v[0] == null) {
                    return null;
                }
                return Boolean.TRUE.equals(eq.apply(v[0], v[1], c)) ? null : v[0];
            });
        });
    }
}
