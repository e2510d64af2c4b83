package dev.veloflink.dialect.props;

import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;

import java.nio.file.Path;
import java.util.Map;

/** {@code ${VAR}}, {@code ${VAR:default}} and {@code $${} (a literal {@code ${}) in property values (SPEC §5.1). */
public final class Substitution {
    private Substitution() {
    }

    /** Throws E403 (positioned at {@code where} in {@code file}) for an unset VAR without a default. */
    public static String apply(String value, Map<String, String> environment, Path file, SourceRange where) {
        if (value.indexOf('$') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '$' && value.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && value.startsWith("${", i)) {
                int close = value.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(value, i, value.length());
                    break;
                }
                String body = value.substring(i + 2, close);
                int colon = body.indexOf(':');
                String name = colon < 0 ? body : body.substring(0, colon);
                String fallback = colon < 0 ? null : body.substring(colon + 1);
                String replacement = environment.get(name);
                if (replacement == null) {
                    replacement = fallback;
                }
                if (replacement == null) {
                    throw new VeloSqlException(Diagnostic.error("E403", "environment variable " + name
                            + " is not set", file, where, "a set variable, or a default: ${" + name + ":value}",
                            "export " + name + " before running, or write ${" + name + ":default}"));
                }
                out.append(replacement);
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
