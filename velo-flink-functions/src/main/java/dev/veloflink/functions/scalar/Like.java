package dev.veloflink.functions.scalar;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.BindingException;
import dev.veloflink.functions.RowErrorException;
import java.util.regex.Pattern;

/** {@code s [NOT] LIKE p [ESCAPE c]} (SPEC §15): {@code %} and {@code _}, case-sensitive, whole-string match. */
public final class Like {
    private Like() {
    }

    /**
     * Binds LIKE; the implementation takes args {@code [s, pattern]} or {@code [s, pattern, escape]}. A literal
     * pattern (and escape) is translated once.
     */
    public static BoundScalar bind(VeloType value, VeloType pattern, Object patternLiteral, Character escape) {
        if (!(value instanceof VeloType.StringType || value instanceof VeloType.NullType)
                || !(pattern instanceof VeloType.StringType || pattern instanceof VeloType.NullType)) {
            throw new BindingException("LIKE takes STRING operands, not " + value.sqlName() + " and "
                    + pattern.sqlName(), "STRING");
        }
        if (patternLiteral instanceof String p) {
            Pattern compiled = toRegex(p, escape, true);
            return new BoundScalar(Types.BOOLEAN, (v, c) -> v[0] == null || v[1] == null ? null
                    : (Object) compiled.matcher((String) v[0]).matches());
        }
        return new BoundScalar(Types.BOOLEAN, (v, c) -> v[0] == null || v[1] == null ? null
                : (Object) toRegex((String) v[1], escape, false).matcher((String) v[0]).matches());
    }

    /** The regex equivalent of a LIKE pattern. */
    public static Pattern toRegex(String like, Character escape, boolean atPlanTime) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char ch = like.charAt(i);
            if (escape != null && ch == escape) {
                if (i + 1 >= like.length()) {
                    String msg = "LIKE pattern '" + like + "' ends with its escape character";
                    if (atPlanTime) {
                        throw new BindingException(msg, "an escaped character after the escape");
                    }
                    throw new RowErrorException("eval_error", msg);
                }
                literal.append(like.charAt(++i));
            } else if (ch == '%' || ch == '_') {
                flush(re, literal);
                re.append(ch == '%' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        flush(re, literal);
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static void flush(StringBuilder re, StringBuilder literal) {
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
