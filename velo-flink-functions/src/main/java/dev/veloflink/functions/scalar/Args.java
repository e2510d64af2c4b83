package dev.veloflink.functions.scalar;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import java.util.ArrayList;
import java.util.List;

/** The argument types and literal values a function is bound with, and the checks binders share. */
final class Args {
    final String function;
    final List<VeloType> types;
    final List<Object> literals;

    Args(String function, List<VeloType> types, List<Object> literals) {
        this.function = function;
        this.types = List.copyOf(types);
        List<Object> lits = new ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) {
            lits.add(literals != null && i < literals.size() ? literals.get(i) : null);
        }
        this.literals = lits;
    }

    int size() {
        return types.size();
    }

    VeloType type(int i) {
        return types.get(i);
    }

    Object literal(int i) {
        return literals.get(i);
    }

    boolean isNull(int i) {
        return types.get(i) instanceof VeloType.NullType;
    }

    Args count(int min, int max) {
        if (types.size() < min || types.size() > max) {
            String expected = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min
                    : min + " to " + max;
            throw new BindingException(function + " takes " + expected + " argument" + (max == 1 ? "" : "s")
                    + ", not " + types.size(), expected + " arguments");
        }
        return this;
    }

    Args count(int n) {
        return count(n, n);
    }

    BindingException wrongType(int i, String expected) {
        return new BindingException("argument " + (i + 1) + " of " + function + " must be " + expected + ", not "
                + types.get(i).sqlName(), expected);
    }

    Args numeric(int i) {
        if (!types.get(i).isNumeric() && !isNull(i)) {
            throw wrongType(i, "a number");
        }
        return this;
    }

    Args integral(int i) {
        if (!types.get(i).isIntegral() && !isNull(i)) {
            throw wrongType(i, "INTEGER or BIGINT");
        }
        return this;
    }

    Args string(int i) {
        if (!(types.get(i) instanceof VeloType.StringType) && !isNull(i)) {
            throw wrongType(i, "STRING");
        }
        return this;
    }

    Args temporal(int i) {
        if (!types.get(i).isTemporal() && !isNull(i)) {
            throw wrongType(i, "TIMESTAMP or DATE");
        }
        return this;
    }

    /** A literal argument's value; required literals that are missing or NULL are binding errors. */
    Object requireLiteral(int i, String what) {
        Object v = literals.get(i);
        if (v == null) {
            throw new BindingException("argument " + (i + 1) + " of " + function + " must be a literal " + what,
                    "a literal " + what);
        }
        return v;
    }

    int requireIntLiteral(int i) {
        Object v = requireLiteral(i, "integer");
        if (!(v instanceof Integer) && !(v instanceof Long)) {
            throw wrongType(i, "a literal integer");
        }
        long l = ((Number) v).longValue();
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw wrongType(i, "a literal integer");
        }
        return (int) l;
    }

    /** NULL arguments bind as STRING where a type is needed. */
    VeloType typeOrString(int i) {
        return isNull(i) ? Types.STRING : types.get(i);
    }
}
