package dev.veloflink.dialect.ast;

import dev.veloflink.dialect.VeloParser;
import dev.veloflink.dialect.print.AstEquality;
import dev.veloflink.dialect.print.AstPrinter;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AST's visitors are exhaustive: every kind of expression is printed and parsed back, every visitor interface
 * has exactly one abstract method per kind, and the traversal and rewriting visitors reach every child expression
 * but not into subqueries.
 */
class AstVisitorTest {
    /** Together these hold at least one expression of every kind; a new kind needs a sample here. */
    private static final List<String> SAMPLES = List.of(
            "1 + 2.50 * -x - 3000000000 % 2.5E1",
            "a.b || 'it''s' || \"quoted\"",
            "NOT (a = 1 OR b <> 2) AND c >= 3",
            "x BETWEEN 1 AND 10 AND y NOT BETWEEN 2 AND 3",
            "x IN (1, 2, 3) OR x NOT IN (SELECT id FROM t)",
            "EXISTS (SELECT 1 FROM t WHERE t.id = o.id)",
            "x > ANY (SELECT v FROM t) AND x <= ALL (SELECT v FROM u)",
            "(SELECT MAX(v) FROM t) + 1",
            "name LIKE 'a%' ESCAPE '!' AND name NOT LIKE '%b'",
            "x IS NULL OR y IS NOT TRUE OR z IS FALSE",
            "CASE WHEN x > 1 THEN 'big' ELSE 'small' END || CASE y WHEN 1 THEN 'one' END",
            "CAST(x AS DECIMAL(10, 2)) + TRY_CAST(s AS INTEGER)",
            "EXTRACT(HOUR FROM ts) + POSITION('a' IN s)",
            "CURRENT_TIMESTAMP",
            "arr[1] + m['k']",
            "COUNT(*) + COUNT(DISTINCT x) + PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY v DESC)",
            "SUM(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)",
            "TIMESTAMP '2024-01-01 00:00:00' + INTERVAL 5 MINUTES + 1s",
            "DATE '2024-01-01' IS NULL AND TRUE AND NULL IS NULL");

    private static Expr parse(String text) {
        return VeloParser.parseExpression(Path.of("sample.sql"), text, 1, 1);
    }

    @Test
    void everyKindOfExpressionRoundTripsThroughThePrinter() {
        Set<Class<?>> seen = new HashSet<>();
        for (String sample : SAMPLES) {
            Expr parsed = parse(sample);
            new TraversalExprVisitor<Void>() {
                @Override
                protected void process(Expr expr, Void context) {
                    seen.add(expr.getClass());
                    super.process(expr, context);
                }
            }.walk(parsed, null);
            String printed = AstPrinter.print(parsed);
            Expr reparsed = parse(printed);
            assertThat(AstEquality.equalIgnoringRanges(reparsed, parsed)).as(sample + " printed as " + printed)
                    .isTrue();
            assertThat(AstPrinter.print(reparsed)).as("printing is canonical").isEqualTo(printed);
        }
        assertThat(names(seen)).as("kinds of Expr covered by the samples")
                .isEqualTo(names(Arrays.asList(Expr.class.getPermittedSubclasses())));
    }

    @Test
    void everyVisitorHasOneAbstractMethodPerKind() {
        assertVisitorCovers(ExprVisitor.class, Expr.class);
        assertVisitorCovers(QueryVisitor.class, Query.class);
        assertVisitorCovers(RelationVisitor.class, Query.Relation.class);
        assertVisitorCovers(SelectItemVisitor.class, Query.SelectItem.class);
        assertVisitorCovers(StatementVisitor.class, Statement.class);
    }

    private static void assertVisitorCovers(Class<?> visitor, Class<?> sealed) {
        Set<String> parameters = new TreeSet<>();
        for (Method m : visitor.getDeclaredMethods()) {
            assertThat(Modifier.isAbstract(m.getModifiers())).as(m + " must not have a default").isTrue();
            parameters.add(m.getParameterTypes()[0].getSimpleName());
        }
        assertThat(visitor.getDeclaredMethods()).hasSize(sealed.getPermittedSubclasses().length);
        assertThat(parameters).isEqualTo(names(Arrays.asList(sealed.getPermittedSubclasses())));
    }

    @Test
    void traversalReachesEveryChildButNotIntoSubqueries() {
        Expr e = parse("CASE a WHEN b THEN SUM(c) OVER (PARTITION BY d ORDER BY e) ELSE f[g] END"
                + " + PERCENTILE_CONT(h) WITHIN GROUP (ORDER BY i) + CAST(j AS INTEGER)"
                + " + POSITION(k IN l) + EXTRACT(DAY FROM m) - (SELECT n FROM t)"
                + " > 0 AND o IN (p, q) AND r BETWEEN s AND u AND v LIKE w AND x IS NULL AND NOT y"
                + " AND z IN (SELECT hidden FROM t) AND EXISTS (SELECT hidden2 FROM t)");
        List<String> refs = new ArrayList<>();
        List<Query> subqueries = new ArrayList<>();
        new TraversalExprVisitor<Void>() {
            @Override
            public Void visitColumnRef(Expr.ColumnRef ref, Void context) {
                refs.add(ref.last());
                return null;
            }

            @Override
            protected void visitSubquery(Query query, Void context) {
                subqueries.add(query);
            }
        }.walk(e, null);
        assertThat(refs).containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "o",
                "p", "q", "r", "s", "u", "v", "w", "x", "y", "z");
        assertThat(subqueries).hasSize(3);
    }

    @Test
    void rewritingRebuildsEveryNodeAndKeepsSubqueries() {
        for (String sample : SAMPLES) {
            Expr parsed = parse(sample);
            Expr same = new RewritingExprVisitor<Void>() {
            }.rewrite(parsed, null);
            assertThat(same).as(sample).isEqualTo(parsed);

            Expr renamed = new RewritingExprVisitor<Void>() {
                @Override
                public Expr visitColumnRef(Expr.ColumnRef ref, Void context) {
                    return new Expr.ColumnRef(ref.range(), ref.parts().stream().map(p -> "r_" + p).toList());
                }
            }.rewrite(parsed, null);
            // Outside subqueries, every column reference is renamed; the subqueries are kept as they are.
            String printed = AstPrinter.print(renamed);
            List<String> outer = new ArrayList<>();
            new TraversalExprVisitor<Void>() {
                @Override
                public Void visitColumnRef(Expr.ColumnRef ref, Void context) {
                    outer.add(String.join(".", ref.parts()));
                    return null;
                }
            }.walk(renamed, null);
            assertThat(outer).as(printed).allMatch(name -> name.startsWith("r_"));
            assertThat(printed.replaceAll("r_", "")).as(sample).isEqualTo(AstPrinter.print(parsed));
        }
    }

    private static Set<String> names(Iterable<Class<?>> classes) {
        Set<String> names = new TreeSet<>();
        classes.forEach(c -> names.add(c.getSimpleName()));
        return names;
    }
}
