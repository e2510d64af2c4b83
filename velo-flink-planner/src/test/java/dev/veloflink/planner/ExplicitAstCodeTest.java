package dev.veloflink.planner;

import dev.veloflink.dialect.ParseResult;
import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.planner.bind.ExprKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExprKey}, {@link AstWalk} and {@link AstRewrite} go through the AST's visitors instead of reflecting over
 * record components (for speed, and so that a new kind of expression is a compile error there). They must agree
 * exactly with the generic reflective definitions kept here as the reference, on every expression of the spec
 * examples and of a set of statements using every expression kind.
 */
class ExplicitAstCodeTest {
    private static final String EVERY_EXPRESSION_KIND = """
            CREATE STREAM every_kind AS
            SELECT -a AS n, NOT (b AND c OR d) AS l, a + 2 * (c - 1) / 3 % 4 AS arith, s || 'X' AS cat,
                   a BETWEEN 1 AND 10 AS btw, a NOT BETWEEN 1 AND 2 AS nbtw, a IN (1, 2, 3) AS inl, a NOT IN (4) AS ninl,
                   s LIKE 'a%' AS lk, s NOT LIKE 'a!%' ESCAPE '!' AS nlk, s IS NULL AS isn, b IS NOT TRUE AS isnt,
                   CASE a WHEN 1 THEN 'One' ELSE 'other' END AS simple_case,
                   CASE WHEN a > 1 THEN 1.50 WHEN a < 0 THEN -1.5 END AS searched_case,
                   CAST(a AS DECIMAL(10, 2)) AS c1, TRY_CAST(s AS INTEGER) AS c2, EXTRACT(YEAR FROM ts) AS yr,
                   POSITION('b' IN s) AS pos, CURRENT_TIMESTAMP AS now_ts, arr[1] AS first_item, m['Key'] AS mv,
                   COUNT(*) AS cnt, COUNT(DISTINCT Upper(s)) AS dc, SUM(a * 2) AS total,
                   PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY a DESC) AS median,
                   LAG(a, 1) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY s ORDER BY ts) AS prev,
                   TIMESTAMP '2024-01-01 00:00:00' AS t0, DATE '2024-01-01' AS d0, INTERVAL '5' MINUTE AS iv,
                   TRUE AS yes, NULL AS nothing, 12345678901 AS big, 1.0E3 AS dbl, "Quoted" AS q,
                   (SELECT MAX(x) FROM other) AS sub,
                   a IN (SELECT y FROM other) AS ins, EXISTS (SELECT 1 FROM other) AS ex,
                   a > ALL (SELECT y FROM other) AS qc
            FROM src
            WHERE a > 0 AND s <> 'Perth'
            GROUP BY s, a
            HAVING SUM(a) > 1;
            """;

    @Test
    void explicitCodeAgreesWithTheReflectiveDefinitions() throws IOException {
        List<Expr> exprs = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        sources.add(EVERY_EXPRESSION_KIND);
        try (Stream<Path> files = Files.list(Path.of("../examples/spec"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                sources.add(Files.readString(file));
            }
        }
        for (String source : sources) {
            ParseResult parsed = VeloParser.parse(Path.of("test.sql"), source);
            collectExprs(parsed.application(), exprs);
        }
        assertThat(exprs).hasSizeGreaterThan(200);
        List<String> kinds = exprs.stream().map(e -> e.getClass().getSimpleName()).distinct().toList();
        // Every kind of expression there is (a new kind needs a sample in EVERY_EXPRESSION_KIND).
        assertThat(kinds).containsAll(Stream.of(Expr.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .toList());

        Function<Expr.ColumnRef, Expr> replacement = ref -> ref.last().equalsIgnoreCase("a")
                ? new Expr.Literal(SourceRange.NONE, Expr.LiteralKind.INTEGER, 7, "7", false) : null;
        for (Expr expr : exprs) {
            assertThat(ExprKey.of(expr)).as("key of %s", expr).isEqualTo(referenceKey(expr));

            List<Object> walked = new ArrayList<>();
            AstWalk.walk(expr, walked::add);
            List<Object> reference = new ArrayList<>();
            referenceWalk(expr, reference::add);
            // AstWalk hands over the expressions only (not the order items, OVER clauses, types between them).
            reference.removeIf(node -> !(node instanceof Expr));
            assertThat(walked).as("walk of %s", expr).containsExactlyElementsOf(reference);

            assertThat(AstRewrite.replaceColumnRefs(expr, replacement)).as("rewrite of %s", expr)
                    .isEqualTo(referenceRewrite(expr, replacement));
        }
    }

    /** Every expression node of the application, subqueries included. */
    private static void collectExprs(Object node, List<Expr> out) {
        if (node instanceof Expr expr) {
            out.add(expr);
        }
        if (node instanceof Optional<?> optional) {
            optional.ifPresent(v -> collectExprs(v, out));
        } else if (node instanceof Collection<?> items) {
            items.forEach(item -> collectExprs(item, out));
        } else if (node instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                collectExprs(invoke(component, record), out);
            }
        }
    }

    private static String referenceKey(Expr expr) {
        StringBuilder out = new StringBuilder();
        appendKey(out, expr, false);
        return out.toString();
    }

    private static void appendKey(StringBuilder out, Object node, boolean caseSensitive) {
        if (node == null) {
            out.append("null");
        } else if (node instanceof SourceRange) {
            out.append('_');
        } else if (node instanceof Optional<?> optional) {
            appendKey(out, optional.orElse(null), caseSensitive);
        } else if (node instanceof Collection<?> list) {
            out.append('[');
            for (Object item : list) {
                appendKey(out, item, caseSensitive);
                out.append(',');
            }
            out.append(']');
        } else if (node instanceof Record record) {
            boolean literal = record instanceof Expr.Literal;
            out.append(record.getClass().getSimpleName()).append('(');
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                if (literal && component.getName().equals("text")) {
                    continue;
                }
                appendKey(out, invoke(component, record), literal);
                out.append(';');
            }
            out.append(')');
        } else if (node instanceof String s) {
            out.append('"').append(caseSensitive ? s : s.toLowerCase(Locale.ROOT)).append('"');
        } else {
            out.append(node);
        }
    }

    private static void referenceWalk(Object node, Consumer<Object> visitor) {
        if (node == null || node instanceof Query) {
            return;
        }
        if (node instanceof Optional<?> optional) {
            optional.ifPresent(value -> referenceWalk(value, visitor));
        } else if (node instanceof Collection<?> items) {
            items.forEach(item -> referenceWalk(item, visitor));
        } else if (node instanceof Record record) {
            visitor.accept(record);
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Class<?> type = component.getType();
                if (!type.isPrimitive() && type != String.class && !type.isEnum()) {
                    referenceWalk(invoke(component, record), visitor);
                }
            }
        }
    }

    private static Object referenceRewrite(Object node, Function<Expr.ColumnRef, Expr> replacement) {
        if (node == null || node instanceof Query) {
            return node;
        }
        if (node instanceof Expr.ColumnRef ref) {
            Expr replaced = replacement.apply(ref);
            return replaced == null ? ref : replaced;
        }
        if (node instanceof Optional<?> optional) {
            return optional.map(value -> referenceRewrite(value, replacement));
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(referenceRewrite(item, replacement));
            }
            return out;
        }
        if (node instanceof Record record) {
            RecordComponent[] components = record.getClass().getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            try {
                for (int i = 0; i < components.length; i++) {
                    types[i] = components[i].getType();
                    values[i] = referenceRewrite(invoke(components[i], record), replacement);
                }
                Constructor<?> constructor = record.getClass().getDeclaredConstructor(types);
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return node;
    }

    private static Object invoke(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
