package dev.veloflink.dialect;

import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.ast.WithClause;
import dev.veloflink.dialect.types.Types;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The AST the planner receives: literal kinds and values, names as written, durations, WITH values. */
class AstTest {

    static Query.Select select(String sql) {
        return (Query.Select) ((Statement.PlainQuery) GrammarTest.parseOne(sql)).query();
    }

    static Expr item(String exprText) {
        return ((Query.ExprItem) select("SELECT " + exprText).items().get(0)).expr();
    }

    static Expr.Literal literal(String text) {
        return (Expr.Literal) item(text);
    }

    @Test
    void numbersFollowSection43() {
        assertThat(literal("2147483647").value()).isEqualTo(2147483647);
        assertThat(literal("2147483648").kind()).isEqualTo(Expr.LiteralKind.BIGINT);
        assertThat(literal("-2147483648").kind()).isEqualTo(Expr.LiteralKind.INTEGER);
        assertThat(literal("-2147483648").value()).isEqualTo(Integer.MIN_VALUE);
        assertThat(literal("-9223372036854775808").value()).isEqualTo(Long.MIN_VALUE);
        assertThat(literal("12.50").value()).isEqualTo(new BigDecimal("12.50"));
        assertThat(literal("1e3").value()).isEqualTo(1000.0);
        assertThat(literal("2.5E-2").kind()).isEqualTo(Expr.LiteralKind.DOUBLE);
        assertThat(item("-a")).isInstanceOf(Expr.Unary.class);
        assertThat(item("-(5)")).isInstanceOf(Expr.Unary.class);
        assertThat(item("- 5")).isInstanceOf(Expr.Literal.class);
    }

    @Test
    void durationsAndIntervalsAreMilliseconds() {
        assertThat(literal("100ms").value()).isEqualTo(100L);
        assertThat(literal("30s").value()).isEqualTo(30_000L);
        assertThat(literal("5m").value()).isEqualTo(300_000L);
        assertThat(literal("1H").value()).isEqualTo(3_600_000L);
        assertThat(literal("1d").value()).isEqualTo(86_400_000L);
        assertThat(literal("1w").value()).isEqualTo(604_800_000L);
        assertThat(literal("1500us").value()).isEqualTo(2L);
        assertThat(literal("1ns").value()).isEqualTo(1L);
        assertThat(literal("INTERVAL '30' SECONDS").value()).isEqualTo(30_000L);
        assertThat(literal("interval 2 minute").value()).isEqualTo(120_000L);
        Query.WindowSpec w = select("SELECT COUNT(*) FROM t WINDOW SLIDING(ts, 300, 1m)").window().orElseThrow();
        assertThat(w.size().millis()).isEqualTo(300_000L);
        assertThat(w.size().text()).isEqualTo("300");
        assertThat(w.advance().orElseThrow().millis()).isEqualTo(60_000L);
        assertThat(w.timeColumn().orElseThrow().parts()).containsExactly("ts");
    }

    @Test
    void stringsAndTypedLiterals() {
        Expr.Literal single = literal("'it''s'");
        assertThat(single.value()).isEqualTo("it's");
        assertThat(single.doubleQuoted()).isFalse();
        Expr.Literal dbl = literal("\"region\"");
        assertThat(dbl.value()).isEqualTo("region");
        assertThat(dbl.doubleQuoted()).isTrue();
        Expr.Literal ts = literal("TIMESTAMP '2024-05-01 09:00:00'");
        assertThat(ts.kind()).isEqualTo(Expr.LiteralKind.TIMESTAMP);
        assertThat(ts.value()).isEqualTo("2024-05-01 09:00:00");
        assertThat(literal("DATE '2024-05-01'").kind()).isEqualTo(Expr.LiteralKind.DATE);
        assertThat(item("timestamp")).isInstanceOf(Expr.ColumnRef.class);
        assertThat(((Expr.FunctionCall) item("TIMESTAMP(x)")).name()).isEqualTo("TIMESTAMP");
    }

    @Test
    void namesKeepTheirSpelling() {
        Query.Select s = select("SELECT O.Order_Id AS `Order Id`, `a``b` FROM Orders O");
        Query.ExprItem first = (Query.ExprItem) s.items().get(0);
        assertThat(((Expr.ColumnRef) first.expr()).parts()).containsExactly("O", "Order_Id");
        assertThat(first.alias()).contains("Order Id");
        assertThat(((Expr.ColumnRef) ((Query.ExprItem) s.items().get(1)).expr()).parts()).containsExactly("a`b");
        Query.NamedRelation from = (Query.NamedRelation) s.from().orElseThrow();
        assertThat(from.name()).isEqualTo("Orders");
        assertThat(from.alias()).contains("O");
    }

    @Test
    void specialFormsAndFunctionCalls() {
        assertThat(((Expr.FunctionCall) item("LEFT (s, 2)")).name()).isEqualTo("LEFT");
        Expr.Cast cast = (Expr.Cast) item("TRY_CAST(a AS numeric(10, 2))");
        assertThat(cast.tryCast()).isTrue();
        assertThat(cast.type().type()).isEqualTo(Types.decimal(10, 2));
        assertThat(((Expr.Extract) item("EXTRACT(dow FROM ts)")).part()).isEqualTo("DOW");
        Expr.FunctionCall pc = (Expr.FunctionCall) item("PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY x DESC)");
        assertThat(pc.withinGroup()).hasSize(1);
        assertThat(pc.withinGroup().get(0).descending()).isTrue();
        Expr.FunctionCall count = (Expr.FunctionCall) item("count(*)");
        assertThat(count.star()).isTrue();
        assertThat(((Expr.FunctionCall) item("COUNT(DISTINCT a)")).distinct()).isTrue();
        Expr.Case simple = (Expr.Case) item("CASE x WHEN 1 THEN 'a' ELSE 'b' END");
        assertThat(simple.operand()).isPresent();
        assertThat(simple.otherwise()).isPresent();
        Expr.Case searched = (Expr.Case) item("CASE WHEN x = 1 THEN 'a' END");
        assertThat(searched.operand()).isEmpty();
        assertThat(searched.otherwise()).isEmpty();
    }

    @Test
    void joinWithinAndOverClauses() {
        Query.Select s = select("SELECT * FROM a LEFT OUTER JOIN b ON a.k = b.k WITHIN 5m");
        Query.Join j = s.joins().get(0);
        assertThat(j.type()).isEqualTo(Query.JoinType.LEFT);
        assertThat(j.within().orElseThrow().millis()).isEqualTo(300_000L);
        Expr.FunctionCall f = (Expr.FunctionCall) item(
                "AVG(x) OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY k EXPIRE AFTER 1h INACTIVITY EMIT EVERY RECORD)");
        var over = f.over().orElseThrow();
        assertThat(over.bufferRows().getAsInt()).isEqualTo(10);
        assertThat(over.expire().orElseThrow().after().orElseThrow().millis()).isEqualTo(3_600_000L);
        assertThat(over.emitEveryRecord()).isTrue();
        var std = ((Expr.FunctionCall) item("SUM(x) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' DAY PRECEDING"
                + " AND CURRENT ROW)")).over().orElseThrow();
        assertThat(std.bufferRows()).isEmpty();
        assertThat(std.frame().orElseThrow().start().offset().orElseThrow().value()).isEqualTo(86_400_000L);
    }

    @Test
    void withClauseKeysAreLowerCasedAndValuesTyped() {
        Statement.Create c = (Statement.Create) GrammarTest.parseOne("CREATE TABLE T AS SELECT k PRIMARY KEY FROM s WHERE k > 0"
                + " WITH ('S.Type' = 'file_source', Group.Id = Grp, retries = -3, 'w.d' = 30s,"
                + " t.i = INTERVAL '2' MINUTES) EMIT FINAL");
        List<WithClause.Property> p = c.with().orElseThrow().properties();
        assertThat(p).extracting(x -> x.key() + "=" + x.value() + ":" + x.kind()).containsExactly(
                "s.type=file_source:STRING", "group.id=Grp:WORD", "retries=-3:NUMBER", "w.d=30000ms:DURATION",
                "t.i=120000ms:DURATION");
        assertThat(c.trailingEmit().orElseThrow().mode()).isEqualTo(Query.EmitMode.FINAL);
        assertThat(c.kind()).isEqualTo(Statement.CreateKind.TABLE);
        assertThat(c.name()).isEqualTo("T");
        assertThat(((Query.ExprItem) ((Query.Select) c.query()).items().get(0)).primaryKey()).isTrue();
    }

    @Test
    void aWithDirectlyAfterAFromItemBelongsToTheItem() {
        Statement.Create c = (Statement.Create) GrammarTest.parseOne(
                "CREATE STREAM o AS SELECT * FROM s WITH ('s.type' = 'file_source') EMIT CHANGES");
        assertThat(c.with()).isEmpty();
        Query.Select sel = (Query.Select) c.query();
        assertThat(((Query.NamedRelation) sel.from().orElseThrow()).with()).isPresent();
        assertThat(sel.emit()).isPresent();
    }

    @Test
    void unionIsLeftAssociative() {
        Query q = ((Statement.PlainQuery) GrammarTest.parseOne(
                "SELECT a FROM x UNION ALL SELECT a FROM y UNION SELECT a FROM z")).query();
        Query.Union top = (Query.Union) q;
        assertThat(top.all()).isFalse();
        assertThat(((Query.Union) top.left()).all()).isTrue();
    }
}
