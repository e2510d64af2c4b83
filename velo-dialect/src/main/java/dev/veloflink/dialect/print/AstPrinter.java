package dev.veloflink.dialect.print;

import dev.veloflink.dialect.ast.Duration;
import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.ExprVisitor;
import dev.veloflink.dialect.ast.OrderItem;
import dev.veloflink.dialect.ast.OverClause;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.QueryVisitor;
import dev.veloflink.dialect.ast.RelationVisitor;
import dev.veloflink.dialect.ast.SelectItemVisitor;
import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.ast.StatementVisitor;
import dev.veloflink.dialect.ast.WithClause;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Prints the AST as canonical Velo SQL, on one line, with the fewest parentheses that keep the tree: parsing the
 * output gives the same AST up to source ranges ({@link AstEquality}). Annotations are not printed.
 */
public final class AstPrinter {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Every keyword of the lexer: quoted as identifiers so that no position can misread them. */
    private static final Set<String> KEYWORDS = Set.of("SELECT", "FROM", "WHERE", "GROUP", "BY", "WINDOW", "HAVING",
            "ORDER", "LIMIT", "EMIT", "INTO", "WITH", "UNION", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "ON",
            "WITHIN", "AS", "ALL", "AND", "ANY", "BETWEEN", "CASE", "CREATE", "CURRENT_TIMESTAMP", "DISTINCT", "ELSE",
            "END", "ESCAPE", "EXISTS", "FALSE", "IN", "INTERVAL", "IS", "LIKE", "NOT", "NULL", "OR", "OVER",
            "PRIMARY", "SOME", "THEN", "TRUE", "WHEN", "STREAM", "TABLE", "SHOW", "STREAMS", "TABLES", "JOBS",
            "QUERIES", "FUNCTIONS", "DESCRIBE", "STOP", "JOB", "DRAIN", "FORCE", "START", "PAUSE", "RESUME",
            "DEPLOY", "ROLLBACK", "TOPICS", "STATUS", "CHANGES", "FINAL", "KEY", "ASC", "DESC", "TUMBLING",
            "SLIDING", "SESSION", "MILLISECOND", "MILLISECONDS", "SECOND", "SECONDS", "MINUTE", "MINUTES", "HOUR",
            "HOURS", "DAY", "DAYS", "WEEK", "WEEKS", "ROWS", "BUFFER", "PARTITION", "RANGE", "UNBOUNDED",
            "PRECEDING", "FOLLOWING", "CURRENT", "ROW", "EXPIRE", "AFTER", "INACTIVITY", "NEVER", "EVERY", "RECORD",
            "CAST", "TRY_CAST", "EXTRACT", "POSITION", "TIMESTAMP", "DATE", "ARRAY", "MAP", "STRUCT");
    private static final Set<String> SPECIAL_FORMS = Set.of("CAST", "TRY_CAST", "EXTRACT", "POSITION");

    // Precedence levels (Appendix A), loosest first.
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int PREDICATE = 4;
    private static final int CONCAT = 5;
    private static final int ADDITIVE = 6;
    private static final int MULTIPLICATIVE = 7;
    private static final int UNARY = 8;
    private static final int POSTFIX = 9;
    private static final int PRIMARY = 10;

    private AstPrinter() {
    }

    public static String identifier(String name) {
        if (PLAIN.matcher(name).matches() && !KEYWORDS.contains(name.toUpperCase(Locale.ROOT))) {
            return name;
        }
        return "`" + name.replace("`", "``") + "`";
    }

    private static String functionName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (PLAIN.matcher(name).matches() && !SPECIAL_FORMS.contains(upper)) {
            return name;
        }
        return "`" + name.replace("`", "``") + "`";
    }

    public static String string(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    // ---------------------------------------------------------------------------------------------- statements

    public static String print(Statement statement) {
        return statement.accept(STATEMENTS, null);
    }

    private static final StatementVisitor<String, Void> STATEMENTS = new StatementVisitor<>() {
        @Override
        public String visitCreate(Statement.Create c, Void context) {
            StringBuilder sb = new StringBuilder();
            sb.append("CREATE ").append(c.kind()).append(' ').append(identifier(c.name()));
            if (!c.columns().isEmpty()) {
                sb.append(" (").append(c.columns().stream()
                        .map(col -> identifier(col.name()) + " " + col.type().text() + (col.notNull() ? " NOT NULL" : ""))
                        .collect(Collectors.joining(", "))).append(')');
            }
            sb.append(" AS ").append(print(c.query()));
            c.into().ifPresent(i -> sb.append(' ').append(into(i)));
            c.with().ifPresent(w -> sb.append(' ').append(with(w)));
            c.trailingEmit().ifPresent(e -> sb.append(" EMIT ").append(e.mode()));
            return sb.toString();
        }

        @Override
        public String visitPlainQuery(Statement.PlainQuery p, Void context) {
            StringBuilder sb = new StringBuilder(print(p.query()));
            p.into().ifPresent(i -> sb.append(' ').append(into(i)));
            p.with().ifPresent(w -> sb.append(' ').append(with(w)));
            return sb.toString();
        }

        @Override
        public String visitShow(Statement.Show s, Void context) {
            return "SHOW " + s.kind();
        }

        @Override
        public String visitDescribe(Statement.Describe d, Void context) {
            return "DESCRIBE " + identifier(d.name());
        }

        @Override
        public String visitStopJob(Statement.StopJob s, Void context) {
            return "STOP JOB " + identifier(s.job()) + (s.drain() ? " DRAIN" : "");
        }
    };

    private static String into(Statement.Into into) {
        return "INTO " + (into.uri() ? string(into.target()) : identifier(into.target()));
    }

    public static String with(WithClause with) {
        return with.properties().stream().map(AstPrinter::property)
                .collect(Collectors.joining(", ", "WITH (", ")"));
    }

    private static String property(WithClause.Property p) {
        String value = switch (p.kind()) {
            case STRING -> string(p.value());
            case NUMBER, DURATION -> p.value();
            case WORD -> PLAIN.matcher(p.value()).matches() ? p.value() : "`" + p.value().replace("`", "``") + "`";
        };
        return string(p.key()) + " = " + value;
    }

    // ---------------------------------------------------------------------------------------------- queries

    public static String print(Query query) {
        return query.accept(QUERIES, null);
    }

    private static final QueryVisitor<String, Void> QUERIES = new QueryVisitor<>() {
        @Override
        public String visitUnion(Query.Union u, Void context) {
            return print(u.left()) + (u.all() ? " UNION ALL " : " UNION ") + print(u.right());
        }

        @Override
        public String visitSelect(Query.Select s, Void context) {
            StringBuilder sb = new StringBuilder("SELECT ");
            if (s.distinct()) {
                sb.append("DISTINCT ");
            }
            sb.append(s.items().stream().map(item -> item.accept(SELECT_ITEMS, null))
                    .collect(Collectors.joining(", ")));
            s.from().ifPresent(r -> sb.append(" FROM ").append(r.accept(RELATIONS, null)));
            for (Query.Join j : s.joins()) {
                sb.append(' ').append(j.type() == Query.JoinType.INNER ? "" : j.type() + " ").append("JOIN ")
                        .append(j.relation().accept(RELATIONS, null)).append(" ON ").append(print(j.on()));
                j.within().ifPresent(d -> sb.append(" WITHIN ").append(duration(d)));
            }
            s.where().ifPresent(w -> sb.append(" WHERE ").append(print(w)));
            if (!s.groupBy().isEmpty()) {
                sb.append(" GROUP BY ").append(exprs(s.groupBy()));
            }
            s.window().ifPresent(w -> sb.append(" WINDOW ").append(window(w)));
            s.having().ifPresent(h -> sb.append(" HAVING ").append(print(h)));
            if (!s.orderBy().isEmpty()) {
                sb.append(" ORDER BY ").append(orderItems(s.orderBy()));
            }
            s.limit().ifPresent(l -> sb.append(" LIMIT ").append(l));
            s.emit().ifPresent(e -> sb.append(" EMIT ").append(e.mode()));
            return sb.toString();
        }
    };

    private static final SelectItemVisitor<String, Void> SELECT_ITEMS = new SelectItemVisitor<>() {
        @Override
        public String visitAllColumns(Query.AllColumns a, Void context) {
            return a.qualifier().map(q -> identifier(q) + ".*").orElse("*");
        }

        @Override
        public String visitExprItem(Query.ExprItem e, Void context) {
            return print(e.expr()) + e.alias().map(a -> " AS " + identifier(a)).orElse("")
                    + (e.primaryKey() ? " PRIMARY KEY" : "");
        }
    };

    private static final RelationVisitor<String, Void> RELATIONS = new RelationVisitor<>() {
        @Override
        public String visitNamed(Query.NamedRelation n, Void context) {
            return identifier(n.name()) + n.alias().map(a -> " AS " + identifier(a)).orElse("")
                    + n.with().map(w -> " " + with(w)).orElse("");
        }

        @Override
        public String visitUri(Query.UriRelation u, Void context) {
            return string(u.uri()) + u.alias().map(a -> " AS " + identifier(a)).orElse("");
        }

        @Override
        public String visitDerived(Query.DerivedRelation d, Void context) {
            return "(" + print(d.query()) + ") AS " + identifier(d.aliasName());
        }
    };

    private static String window(Query.WindowSpec w) {
        StringBuilder sb = new StringBuilder(w.kind().name()).append('(');
        w.time().ifPresent(c -> sb.append(print(c)).append(", "));
        sb.append(duration(w.size()));
        w.advance().ifPresent(a -> sb.append(", ").append(duration(a)));
        w.sessionKey().ifPresent(k -> sb.append(", ").append(print(k)));
        return sb.append(')').toString();
    }

    private static String duration(Duration d) {
        return d.text();
    }

    private static String orderItems(List<OrderItem> items) {
        return items.stream().map(o -> print(o.expr()) + (o.descending() ? " DESC" : ""))
                .collect(Collectors.joining(", "));
    }

    private static String exprs(List<Expr> list) {
        return list.stream().map(AstPrinter::print).collect(Collectors.joining(", "));
    }

    // ---------------------------------------------------------------------------------------------- expressions

    public static String print(Expr expr) {
        return expr.accept(EXPRESSIONS, null);
    }

    private static final ExprVisitor<String, Void> EXPRESSIONS = new ExprVisitor<>() {
        @Override
        public String visitLiteral(Expr.Literal l, Void context) {
            return literal(l);
        }

        @Override
        public String visitColumnRef(Expr.ColumnRef c, Void context) {
            return c.parts().stream().map(AstPrinter::identifier).collect(Collectors.joining("."));
        }

        @Override
        public String visitFunctionCall(Expr.FunctionCall f, Void context) {
            return functionCall(f);
        }

        @Override
        public String visitUnary(Expr.Unary u, Void context) {
            return unary(u);
        }

        @Override
        public String visitBinary(Expr.Binary b, Void context) {
            return binary(b);
        }

        @Override
        public String visitBetween(Expr.Between b, Void context) {
            return operand(b.value(), CONCAT) + (b.negated() ? " NOT" : "") + " BETWEEN " + operand(b.low(), CONCAT)
                    + " AND " + operand(b.high(), CONCAT);
        }

        @Override
        public String visitInList(Expr.InList in, Void context) {
            return operand(in.value(), CONCAT) + (in.negated() ? " NOT" : "") + " IN (" + exprs(in.list()) + ")";
        }

        @Override
        public String visitInSubquery(Expr.InSubquery in, Void context) {
            return operand(in.value(), CONCAT) + (in.negated() ? " NOT" : "") + " IN (" + print(in.query()) + ")";
        }

        @Override
        public String visitExists(Expr.Exists e, Void context) {
            return "EXISTS (" + print(e.query()) + ")";
        }

        @Override
        public String visitQuantifiedComparison(Expr.QuantifiedComparison q, Void context) {
            return operand(q.left(), CONCAT) + " " + q.op().symbol + " " + q.quantifier() + " (" + print(q.query())
                    + ")";
        }

        @Override
        public String visitScalarSubquery(Expr.ScalarSubquery s, Void context) {
            return "(" + print(s.query()) + ")";
        }

        @Override
        public String visitLike(Expr.Like l, Void context) {
            return operand(l.value(), CONCAT) + (l.negated() ? " NOT" : "") + " LIKE " + operand(l.pattern(), CONCAT)
                    + l.escape().map(e -> " ESCAPE " + string(e)).orElse("");
        }

        @Override
        public String visitIsPredicate(Expr.IsPredicate i, Void context) {
            return operand(i.value(), CONCAT) + " IS " + (i.negated() ? "NOT " : "") + i.kind();
        }

        @Override
        public String visitCase(Expr.Case c, Void context) {
            return caseExpr(c);
        }

        @Override
        public String visitCast(Expr.Cast c, Void context) {
            return (c.tryCast() ? "TRY_CAST(" : "CAST(") + print(c.value()) + " AS " + c.type().text() + ")";
        }

        @Override
        public String visitExtract(Expr.Extract e, Void context) {
            return "EXTRACT(" + (PLAIN.matcher(e.part()).matches() ? e.part() : identifier(e.part())) + " FROM "
                    + print(e.value()) + ")";
        }

        @Override
        public String visitPosition(Expr.Position p, Void context) {
            return "POSITION(" + operand(p.substring(), CONCAT) + " IN " + operand(p.string(), CONCAT) + ")";
        }

        @Override
        public String visitCurrentTimestamp(Expr.CurrentTimestamp c, Void context) {
            return "CURRENT_TIMESTAMP";
        }

        @Override
        public String visitSubscript(Expr.Subscript s, Void context) {
            return operand(s.base(), POSTFIX) + "[" + print(s.index()) + "]";
        }
    };

    private static String literal(Expr.Literal l) {
        return switch (l.kind()) {
            case STRING -> l.doubleQuoted() ? "\"" + ((String) l.value()).replace("\"", "\"\"") + "\""
                    : string((String) l.value());
            case BOOLEAN -> ((Boolean) l.value()) ? "TRUE" : "FALSE";
            case NULL -> "NULL";
            default -> l.text();
        };
    }

    private static String functionCall(Expr.FunctionCall f) {
        StringBuilder sb = new StringBuilder(functionName(f.name())).append('(');
        if (f.star()) {
            sb.append('*');
        } else {
            if (f.distinct()) {
                sb.append("DISTINCT ");
            }
            sb.append(exprs(f.args()));
        }
        sb.append(')');
        if (!f.withinGroup().isEmpty()) {
            sb.append(" WITHIN GROUP (ORDER BY ").append(orderItems(f.withinGroup())).append(')');
        }
        f.over().ifPresent(o -> sb.append(" OVER (").append(over(o)).append(')'));
        return sb.toString();
    }

    private static String over(OverClause o) {
        StringBuilder sb = new StringBuilder();
        o.bufferRows().ifPresent(n -> sb.append("ROWS WINDOW BUFFER ").append(n).append(" ROWS"));
        if (!o.partitionBy().isEmpty()) {
            sb.append(sb.length() > 0 ? " " : "").append("PARTITION BY ").append(exprs(o.partitionBy()));
        }
        if (!o.orderBy().isEmpty()) {
            sb.append(sb.length() > 0 ? " " : "").append("ORDER BY ").append(orderItems(o.orderBy()));
        }
        o.frame().ifPresent(f -> sb.append(sb.length() > 0 ? " " : "").append(f.unit()).append(" BETWEEN ")
                .append(bound(f.start())).append(" AND ").append(bound(f.end())));
        o.expire().ifPresent(e -> sb.append(" EXPIRE AFTER ")
                .append(e.after().map(d -> duration(d) + " INACTIVITY").orElse("NEVER")));
        if (o.emitEveryRecord()) {
            sb.append(" EMIT EVERY RECORD");
        }
        return sb.toString();
    }

    private static String bound(OverClause.Bound b) {
        return switch (b.kind()) {
            case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
            case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
            case CURRENT_ROW -> "CURRENT ROW";
            case PRECEDING -> literal(b.offset().orElseThrow()) + " PRECEDING";
            case FOLLOWING -> literal(b.offset().orElseThrow()) + " FOLLOWING";
        };
    }

    private static String caseExpr(Expr.Case c) {
        StringBuilder sb = new StringBuilder("CASE");
        c.operand().ifPresent(o -> sb.append(' ').append(print(o)));
        for (Expr.WhenClause w : c.whens()) {
            sb.append(" WHEN ").append(print(w.when())).append(" THEN ").append(print(w.then()));
        }
        c.otherwise().ifPresent(e -> sb.append(" ELSE ").append(print(e)));
        return sb.append(" END").toString();
    }

    private static String unary(Expr.Unary u) {
        if (u.op() == Expr.UnaryOp.NOT) {
            return "NOT " + operand(u.operand(), NOT);
        }
        // Parenthesize literals (else '-' would fold into them) and signed operands (else '--' starts a comment).
        String operand = operand(u.operand(), POSTFIX);
        if (u.operand() instanceof Expr.Literal || operand.startsWith("-") || operand.startsWith("+")) {
            operand = "(" + print(u.operand()) + ")";
        }
        return (u.op() == Expr.UnaryOp.NEGATE ? "-" : "+") + operand;
    }

    private static String binary(Expr.Binary b) {
        int level = level(b);
        boolean comparison = level == PREDICATE;
        String right = operand(b.right(), comparison ? CONCAT : level + 1);
        if (b.op() == Expr.BinaryOp.SUBTRACT && right.startsWith("-")) {
            right = " " + right;
        }
        return operand(b.left(), comparison ? CONCAT : level) + " " + b.op().symbol + " " + right;
    }

    private static String operand(Expr e, int minimumLevel) {
        String printed = print(e);
        return level(e) < minimumLevel ? "(" + printed + ")" : printed;
    }

    private static int level(Expr e) {
        return e.accept(PRECEDENCE, null);
    }

    /** The precedence level of each kind of expression (Appendix A): where it needs parentheses as an operand. */
    private static final ExprVisitor<Integer, Void> PRECEDENCE = new ExprVisitor<>() {
        @Override
        public Integer visitBinary(Expr.Binary b, Void context) {
            return switch (b.op()) {
                case OR -> OR;
                case AND -> AND;
                case EQ, NE, LT, LE, GT, GE -> PREDICATE;
                case CONCAT -> CONCAT;
                case ADD, SUBTRACT -> ADDITIVE;
                case MULTIPLY, DIVIDE, MODULO -> MULTIPLICATIVE;
            };
        }

        @Override
        public Integer visitUnary(Expr.Unary u, Void context) {
            return u.op() == Expr.UnaryOp.NOT ? NOT : UNARY;
        }

        @Override
        public Integer visitBetween(Expr.Between between, Void context) {
            return PREDICATE;
        }

        @Override
        public Integer visitInList(Expr.InList in, Void context) {
            return PREDICATE;
        }

        @Override
        public Integer visitInSubquery(Expr.InSubquery in, Void context) {
            return PREDICATE;
        }

        @Override
        public Integer visitLike(Expr.Like like, Void context) {
            return PREDICATE;
        }

        @Override
        public Integer visitIsPredicate(Expr.IsPredicate is, Void context) {
            return PREDICATE;
        }

        @Override
        public Integer visitQuantifiedComparison(Expr.QuantifiedComparison comparison, Void context) {
            return PREDICATE;
        }

        @Override
        public Integer visitExists(Expr.Exists exists, Void context) {
            return PREDICATE;
        }

        @Override
        public Integer visitSubscript(Expr.Subscript subscript, Void context) {
            return POSTFIX;
        }

        @Override
        public Integer visitLiteral(Expr.Literal l, Void context) {
            // A negative number literal prints with its sign, so it binds like a unary minus.
            return l.text().startsWith("-") ? UNARY : PRIMARY;
        }

        @Override
        public Integer visitColumnRef(Expr.ColumnRef ref, Void context) {
            return PRIMARY;
        }

        @Override
        public Integer visitFunctionCall(Expr.FunctionCall call, Void context) {
            return PRIMARY;
        }

        @Override
        public Integer visitScalarSubquery(Expr.ScalarSubquery subquery, Void context) {
            return PRIMARY;
        }

        @Override
        public Integer visitCase(Expr.Case caseExpr, Void context) {
            return PRIMARY;
        }

        @Override
        public Integer visitCast(Expr.Cast cast, Void context) {
            return PRIMARY;
        }

        @Override
        public Integer visitExtract(Expr.Extract extract, Void context) {
            return PRIMARY;
        }

        @Override
        public Integer visitPosition(Expr.Position position, Void context) {
            return PRIMARY;
        }

        @Override
        public Integer visitCurrentTimestamp(Expr.CurrentTimestamp currentTimestamp, Void context) {
            return PRIMARY;
        }
    };
}
