package dev.veloflink.dialect.parser;

import dev.veloflink.dialect.ast.Annotation;
import dev.veloflink.dialect.ast.Duration;
import dev.veloflink.dialect.ast.Expr;
import dev.veloflink.dialect.ast.OrderItem;
import dev.veloflink.dialect.ast.OverClause;
import dev.veloflink.dialect.ast.Query;
import dev.veloflink.dialect.ast.QueryVisitor;
import dev.veloflink.dialect.ast.SourceRange;
import dev.veloflink.dialect.ast.Statement;
import dev.veloflink.dialect.ast.WithClause;
import dev.veloflink.dialect.diag.Diagnostic;
import dev.veloflink.dialect.diag.VeloSqlException;
import dev.veloflink.dialect.parser.VeloSqlParser.*;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Types;
import dev.veloflink.dialect.types.VeloType;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Turns one parse tree into the immutable AST (ksqlDB's AstBuilder pattern). The checks the grammar leaves open on
 * purpose (E105 repetitions, E101 number ranges, E301 types, E304 rejected constructs) throw a
 * {@link VeloSqlException} carrying one diagnostic; warnings (W108) are collected. Not thread-safe: one per parse.
 */
public final class AstBuilder {
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final Path file;
    private final SourceText source;
    private final List<Diagnostic> warnings = new ArrayList<>();

    public AstBuilder(Path file, SourceText source) {
        this.file = file;
        this.source = source;
    }

    public List<Diagnostic> warnings() {
        return warnings;
    }

    private SourceRange range(ParserRuleContext ctx) {
        return source.range(ctx);
    }

    private SourceRange range(Token token) {
        return source.range(token);
    }

    private SourceRange range(Token start, Token stop) {
        return source.range(start, stop);
    }

    private VeloSqlException error(String code, String message, SourceRange range, String expected, String hint) {
        return new VeloSqlException(Diagnostic.error(code, message, file, range, expected, hint));
    }

    // ---------------------------------------------------------------------------------------------- statements

    public Statement statement(StatementContext ctx, int ordinal, List<Annotation> annotations) {
        if (ctx.createStatement() != null) {
            return create(ctx.createStatement(), ordinal, annotations);
        }
        if (ctx.queryStatement() != null) {
            QueryStatementContext q = ctx.queryStatement();
            Query query = query(q.query());
            Optional<Statement.Into> into = into(q.intoClause(), "SELECT ...");
            return new Statement.PlainQuery(range(ctx), ordinal, annotations, query, into, with(q.withClause()));
        }
        return command(ctx.command(), ordinal, annotations);
    }

    private Statement.Create create(CreateStatementContext ctx, int ordinal, List<Annotation> annotations) {
        Statement.CreateKind kind = ctx.kind.getType() == VeloSqlLexer.STREAM
                ? Statement.CreateKind.STREAM : Statement.CreateKind.TABLE;
        String name = identifier(ctx.identifier());
        List<Statement.ColumnDef> columns = new ArrayList<>();
        for (ColumnDefContext c : ctx.columnDef()) {
            columns.add(columnDef(c));
        }
        Query query = query(ctx.query());
        Optional<Statement.Into> into = into(ctx.intoClause(), "CREATE " + kind + " ");
        Optional<Query.Emit> trailingEmit = Optional.empty();
        if (ctx.emitClause() != null) {
            Query.Select last = lastSelect(query);
            if (last.emit().isPresent()) {
                throw error("E105", "EMIT is given twice", range(ctx.emitClause()),
                        "EMIT at most once per statement (§3.1)", "remove one of the EMIT clauses");
            }
            trailingEmit = Optional.of(emit(ctx.emitClause()));
        }
        return new Statement.Create(range(ctx), ordinal, annotations, kind, name, range(ctx.identifier()), columns,
                query, into, with(ctx.withClause()), trailingEmit);
    }

    private static Query.Select lastSelect(Query query) {
        return query.accept(new QueryVisitor<Query.Select, Void>() {
            @Override
            public Query.Select visitSelect(Query.Select select, Void context) {
                return select;
            }

            @Override
            public Query.Select visitUnion(Query.Union union, Void context) {
                return union.right();
            }
        }, null);
    }

    public Statement.ColumnDef columnDef(ColumnDefContext c) {
        return new Statement.ColumnDef(range(c), identifier(c.identifier()), type(c.type()), c.NOT() != null);
    }

    private Optional<Statement.Into> into(List<IntoClauseContext> intos, String formHead) {
        if (intos.isEmpty()) {
            return Optional.empty();
        }
        if (intos.size() > 1) {
            throw error("E105", "INTO is given more than once", range(intos.get(1)),
                    "INTO at most once (§2.6)", "keep a single INTO, or better, name the sink with CREATE STREAM");
        }
        IntoClauseContext c = intos.get(0);
        boolean uri = c.string() != null;
        String target = uri ? string(c.string()) : identifier(c.identifier());
        String hint = uri
                ? "write CREATE STREAM name AS ... WITH ('name.type' = ...) and bind the sink with WITH keys"
                : "write CREATE STREAM " + target + " AS ... and drop the INTO";
        warnings.add(Diagnostic.warning("W108", "older sink form INTO " + (uri ? "'" + target + "'" : target),
                file, range(c), null, hint));
        return Optional.of(new Statement.Into(range(c), target, uri));
    }

    private Statement command(CommandContext ctx, int ordinal, List<Annotation> annotations) {
        if (ctx instanceof ShowCommandContext s) {
            Statement.ShowKind kind = switch (s.kind.getType()) {
                case VeloSqlLexer.STREAMS -> Statement.ShowKind.STREAMS;
                case VeloSqlLexer.TABLES -> Statement.ShowKind.TABLES;
                case VeloSqlLexer.FUNCTIONS -> Statement.ShowKind.FUNCTIONS;
                case VeloSqlLexer.JOBS, VeloSqlLexer.QUERIES -> Statement.ShowKind.JOBS;
                default -> throw unhandled(s.kind);
            };
            return new Statement.Show(range(ctx), ordinal, annotations, kind);
        }
        if (ctx instanceof DescribeCommandContext d) {
            return new Statement.Describe(range(ctx), ordinal, annotations, identifier(d.identifier()));
        }
        if (ctx instanceof StopJobCommandContext s) {
            return new Statement.StopJob(range(ctx), ordinal, annotations, identifier(s.identifier()),
                    s.DRAIN() != null);
        }
        if (ctx instanceof RejectedContext r) {
            throw rejected(r.rejectedCommand());
        }
        throw unhandled(ctx);
    }

    /**
     * A grammar alternative or token this builder has no case for: a bug in velo-flink (the grammar grew and the
     * builder did not), reported loudly instead of being read as some other construct.
     */
    private static IllegalStateException unhandled(ParserRuleContext ctx) {
        return unhandled(ctx.getStart(), ctx.getClass().getSimpleName());
    }

    private static IllegalStateException unhandled(Token token) {
        return unhandled(token, "token " + VeloSqlLexer.VOCABULARY.getSymbolicName(token.getType()));
    }

    private static IllegalStateException unhandled(Token at, String what) {
        return new IllegalStateException("internal error: the AST builder has no case for " + what + " at line "
                + at.getLine() + ":" + (at.getCharPositionInLine() + 1));
    }

    private VeloSqlException rejected(RejectedCommandContext r) {
        Token first = r.getStart();
        SourceRange where = range(first, r.getStop() == null ? first : r.getStop());
        if (r.FORCE() != null) {
            return error("E304", "STOP JOB ... FORCE is not supported", range(r.FORCE().getSymbol()),
                    "STOP JOB name [DRAIN]", "use STOP JOB " + identifier(r.identifier()) + " (it takes a savepoint)");
        }
        if (r.SHOW() != null) {
            Token what = r.TOPICS() != null ? r.TOPICS().getSymbol() : r.STATUS().getSymbol();
            return error("E304", "SHOW " + what.getText().toUpperCase(Locale.ROOT) + " is not supported",
                    range(first, what), "SHOW STREAMS | TABLES | JOBS | QUERIES | FUNCTIONS",
                    "SHOW JOBS lists the jobs and their status");
        }
        String verb = first.getText().toUpperCase(Locale.ROOT);
        return error("E304", verb + " JOB is not supported", range(first, r.JOB().getSymbol()),
                "SHOW, DESCRIBE or STOP JOB",
                "deploy with `velo submit`; STOP JOB takes a savepoint that a new run can resume from");
    }

    // ---------------------------------------------------------------------------------------------- queries

    public Query query(QueryContext ctx) {
        List<QuerySpecificationContext> specs = ctx.querySpecification();
        for (int i = 0; i < specs.size() - 1; i++) {
            for (TailClauseContext t : specs.get(i).tailClause()) {
                if (t instanceof OrderByClauseContext || t instanceof LimitClauseContext
                        || t instanceof EmitTailClauseContext) {
                    throw error("E105", clauseName(t) + " is only allowed in the last branch of a UNION", range(t),
                            "ORDER BY, LIMIT and EMIT in the last UNION branch (§3.1)",
                            "move " + clauseName(t) + " after the last SELECT; it applies to the whole union");
                }
            }
        }
        Query result = select(specs.get(0));
        for (int i = 1; i < specs.size(); i++) {
            QuerySpecificationContext spec = specs.get(i);
            // The UNION keyword sits right before the branch; ALL right after it when present.
            boolean all = isUnionAll(ctx, spec);
            result = new Query.Union(range(ctx.getStart(), spec.getStop()), result, select(spec), all);
        }
        return result;
    }

    private static boolean isUnionAll(QueryContext ctx, QuerySpecificationContext spec) {
        int index = ctx.children.indexOf(spec);
        return index > 0 && ctx.getChild(index - 1) instanceof TerminalNode t
                && t.getSymbol().getType() == VeloSqlLexer.ALL;
    }

    private static String clauseName(TailClauseContext t) {
        if (t instanceof WhereClauseContext) {
            return "WHERE";
        } else if (t instanceof GroupByClauseContext) {
            return "GROUP BY";
        } else if (t instanceof WindowClauseContext) {
            return "WINDOW";
        } else if (t instanceof HavingClauseContext) {
            return "HAVING";
        } else if (t instanceof OrderByClauseContext) {
            return "ORDER BY";
        } else if (t instanceof LimitClauseContext) {
            return "LIMIT";
        } else if (t instanceof EmitTailClauseContext) {
            return "EMIT";
        }
        throw unhandled(t);
    }

    private Query.Select select(QuerySpecificationContext ctx) {
        List<Query.SelectItem> items = new ArrayList<>();
        for (SelectItemContext item : ctx.selectItem()) {
            items.add(selectItem(item));
        }
        Optional<Query.Relation> from = Optional.empty();
        List<Query.Join> joins = new ArrayList<>();
        if (ctx.relation() != null) {
            from = Optional.of(relation(ctx.relation()));
            for (JoinClauseContext j : ctx.joinClause()) {
                joins.add(join(j));
            }
        }
        Optional<Expr> where = Optional.empty();
        List<Expr> groupBy = List.of();
        Optional<Query.WindowSpec> window = Optional.empty();
        Optional<Expr> having = Optional.empty();
        List<OrderItem> orderBy = List.of();
        OptionalLong limit = OptionalLong.empty();
        Optional<Query.Emit> emit = Optional.empty();
        Map<String, TailClauseContext> seen = new HashMap<>();
        boolean first = true;
        for (TailClauseContext t : ctx.tailClause()) {
            String name = clauseName(t);
            if (seen.containsKey(name)) {
                throw error("E105", name + " is given more than once", range(t),
                        "each of GROUP BY, WINDOW, HAVING, ORDER BY, LIMIT and EMIT at most once (§3.1)",
                        "merge the two " + name + " clauses");
            }
            seen.put(name, t);
            if (t instanceof WhereClauseContext w) {
                if (!first) {
                    throw error("E105", "WHERE must come before the other clauses", range(t),
                            "SELECT, FROM, joins, WHERE, then GROUP BY, WINDOW, HAVING, ORDER BY, LIMIT, EMIT (§3.1)",
                            "move WHERE directly after FROM and its joins");
                }
                where = Optional.of(expr(w.expr()));
            } else if (t instanceof GroupByClauseContext g) {
                groupBy = exprs(g.expr());
            } else if (t instanceof WindowClauseContext w) {
                window = Optional.of(windowSpec(w.windowSpec()));
            } else if (t instanceof HavingClauseContext h) {
                having = Optional.of(expr(h.expr()));
            } else if (t instanceof OrderByClauseContext o) {
                orderBy = orderItems(o.orderItem());
            } else if (t instanceof LimitClauseContext l) {
                long n = longValue(l.INTEGER_VALUE().getSymbol());
                if (n == 0) {
                    throw error("E304", "LIMIT 0 is not supported", range(l.INTEGER_VALUE().getSymbol()),
                            "LIMIT n with n >= 1", "remove the statement, or use LIMIT 1 or more");
                }
                limit = OptionalLong.of(n);
            } else if (t instanceof EmitTailClauseContext e) {
                emit = Optional.of(emit(e.emitClause()));
            }
            first = false;
        }
        return new Query.Select(range(ctx), ctx.DISTINCT() != null, items, from, joins, where, groupBy, window,
                having, orderBy, limit, emit);
    }

    private long longValue(Token token) {
        try {
            return Long.parseLong(token.getText());
        } catch (NumberFormatException e) {
            throw error("E101", "number out of range: " + token.getText(), range(token),
                    "an integer of at most 64 bits (§4.3)", null);
        }
    }

    private int intValue(Token token, String what) {
        long v = longValue(token);
        if (v > Integer.MAX_VALUE) {
            throw error("E101", what + " out of range: " + token.getText(), range(token),
                    "an integer of at most 32 bits", null);
        }
        return (int) v;
    }

    private Query.Emit emit(EmitClauseContext ctx) {
        return new Query.Emit(range(ctx), ctx.emitMode.getType() == VeloSqlLexer.FINAL
                ? Query.EmitMode.FINAL : Query.EmitMode.CHANGES);
    }

    private Query.SelectItem selectItem(SelectItemContext ctx) {
        if (ctx instanceof AllColumnsContext) {
            return new Query.AllColumns(range(ctx), Optional.empty());
        }
        if (ctx instanceof QualifiedAllColumnsContext q) {
            return new Query.AllColumns(range(ctx), Optional.of(identifier(q.identifier())));
        }
        if (!(ctx instanceof ExprItemContext e)) {
            throw unhandled(ctx);
        }
        Optional<String> alias = e.identifier() == null ? Optional.empty() : Optional.of(identifier(e.identifier()));
        return new Query.ExprItem(range(ctx), expr(e.expr()), alias, e.PRIMARY() != null);
    }

    private Query.Relation relation(RelationContext ctx) {
        if (ctx instanceof NamedRelationContext n) {
            Optional<String> alias = n.identifier().size() > 1
                    ? Optional.of(identifier(n.identifier(1))) : Optional.empty();
            return new Query.NamedRelation(range(ctx), identifier(n.identifier(0)), alias, with(n.withClause()));
        }
        if (ctx instanceof UriRelationContext u) {
            Optional<String> alias = u.identifier() == null ? Optional.empty() : Optional.of(identifier(u.identifier()));
            return new Query.UriRelation(range(ctx), string(u.string()), alias);
        }
        if (!(ctx instanceof DerivedRelationContext d)) {
            throw unhandled(ctx);
        }
        return new Query.DerivedRelation(range(ctx), query(d.query()), identifier(d.identifier()));
    }

    private Query.Join join(JoinClauseContext ctx) {
        Query.JoinType type = Query.JoinType.INNER;
        if (ctx.joinType() != null) {
            JoinTypeContext t = ctx.joinType();
            if (t.LEFT() != null) {
                type = Query.JoinType.LEFT;
            } else if (t.RIGHT() != null) {
                type = Query.JoinType.RIGHT;
            } else if (t.FULL() != null) {
                type = Query.JoinType.FULL;
            }
        }
        Query.Relation relation;
        JoinRelationContext r = ctx.joinRelation();
        if (r instanceof NamedJoinRelationContext n) {
            Optional<String> alias = n.identifier().size() > 1
                    ? Optional.of(identifier(n.identifier(1))) : Optional.empty();
            relation = new Query.NamedRelation(range(r), identifier(n.identifier(0)), alias, Optional.empty());
        } else {
            if (!(r instanceof DerivedJoinRelationContext d)) {
                throw unhandled(r);
            }
            relation = new Query.DerivedRelation(range(r), query(d.query()), identifier(d.identifier()));
        }
        Optional<Duration> within = ctx.duration() == null ? Optional.empty() : Optional.of(duration(ctx.duration()));
        return new Query.Join(range(ctx), type, relation, expr(ctx.expr()), within);
    }

    private Query.WindowSpec windowSpec(WindowSpecContext ctx) {
        if (ctx instanceof TumblingWindowContext t) {
            return new Query.WindowSpec(range(ctx), Query.WindowKind.TUMBLING, windowTime(t.windowTime()),
                    duration(t.duration()), Optional.empty(), Optional.empty());
        }
        if (ctx instanceof SlidingWindowContext s) {
            return new Query.WindowSpec(range(ctx), Query.WindowKind.SLIDING, windowTime(s.windowTime()),
                    duration(s.duration(0)), Optional.of(duration(s.duration(1))), Optional.empty());
        }
        if (!(ctx instanceof SessionWindowContext s)) {
            throw unhandled(ctx);
        }
        return new Query.WindowSpec(range(ctx), Query.WindowKind.SESSION, windowTime(s.windowTime()),
                duration(s.duration()), Optional.empty(),
                s.expr() == null ? Optional.empty() : Optional.of(expr(s.expr())));
    }

    private Optional<Expr> windowTime(WindowTimeContext ctx) {
        return ctx == null ? Optional.empty() : Optional.of(expr(ctx.expr()));
    }

    private List<OrderItem> orderItems(List<OrderItemContext> items) {
        List<OrderItem> result = new ArrayList<>(items.size());
        for (OrderItemContext o : items) {
            result.add(new OrderItem(range(o), expr(o.expr()), o.DESC() != null));
        }
        return result;
    }

    // ---------------------------------------------------------------------------------------------- WITH

    public Optional<WithClause> with(WithClauseContext ctx) {
        if (ctx == null) {
            return Optional.empty();
        }
        List<WithClause.Property> properties = new ArrayList<>();
        for (PropertyContext p : ctx.property()) {
            properties.add(property(p));
        }
        return Optional.of(new WithClause(range(ctx), properties));
    }

    private WithClause.Property property(PropertyContext ctx) {
        PropertyKeyContext k = ctx.propertyKey();
        String key;
        if (k.string() != null) {
            key = string(k.string());
        } else {
            StringBuilder sb = new StringBuilder();
            for (WordContext w : k.word()) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(w.identifier() != null ? identifier(w.identifier()) : w.getText());
            }
            key = sb.toString();
        }
        key = key.toLowerCase(Locale.ROOT);
        PropertyValueContext v = ctx.propertyValue();
        String value;
        WithClause.ValueKind kind;
        if (v instanceof StringValueContext s) {
            value = string(s.string());
            kind = WithClause.ValueKind.STRING;
        } else if (v instanceof NumberValueContext n) {
            value = (n.MINUS() != null ? "-" : "") + n.number().getText();
            kind = WithClause.ValueKind.NUMBER;
        } else if (v instanceof ShortDurationValueContext d) {
            value = shortDurationMillis(d.SHORT_DURATION().getSymbol()) + "ms";
            kind = WithClause.ValueKind.DURATION;
        } else if (v instanceof IntervalValueContext i) {
            value = intervalMillis(i.interval()) + "ms";
            kind = WithClause.ValueKind.DURATION;
        } else {
            if (!(v instanceof WordValueContext wordValue)) {
                throw unhandled(v);
            }
            WordContext w = wordValue.word();
            value = w.identifier() != null ? identifier(w.identifier()) : w.getText();
            kind = WithClause.ValueKind.WORD;
        }
        return new WithClause.Property(range(ctx), range(v), key, value, kind);
    }

    // ---------------------------------------------------------------------------------------------- durations

    public Duration duration(DurationContext ctx) {
        long millis;
        if (ctx.SHORT_DURATION() != null) {
            millis = shortDurationMillis(ctx.SHORT_DURATION().getSymbol());
        } else if (ctx.interval() != null) {
            millis = intervalMillis(ctx.interval());
        } else {
            Token t = ctx.INTEGER_VALUE().getSymbol();
            millis = multiply(longValue(t), 1000L, t);
        }
        return new Duration(range(ctx), millis, source.textOf(ctx.getStart(), ctx.getStop()));
    }

    private long multiply(long n, long unit, Token where) {
        try {
            return Math.multiplyExact(n, unit);
        } catch (ArithmeticException e) {
            throw error("E101", "duration out of range: " + where.getText(), range(where),
                    "a duration of at most 2^63-1 milliseconds", null);
        }
    }

    private long shortDurationMillis(Token token) {
        String text = token.getText().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        long n;
        try {
            n = Long.parseLong(text.substring(0, i));
        } catch (NumberFormatException e) {
            throw error("E101", "duration out of range: " + token.getText(), range(token),
                    "a duration of at most 2^63-1 milliseconds", null);
        }
        String unit = text.substring(i);
        return switch (unit) {
            case "ms" -> n;
            case "s" -> multiply(n, 1000L, token);
            case "m" -> multiply(n, 60_000L, token);
            case "h" -> multiply(n, 3_600_000L, token);
            case "d" -> multiply(n, 86_400_000L, token);
            case "w" -> multiply(n, 604_800_000L, token);
            case "us" -> n / 1000 + (n % 1000 == 0 ? 0 : 1);
            case "ns" -> n / 1_000_000 + (n % 1_000_000 == 0 ? 0 : 1);
            default -> throw error("E101", "bad duration " + token.getText(), range(token),
                    "an integer followed by ms, s, m, h, d or w (§4.4)", null);
        };
    }

    private long intervalMillis(IntervalContext ctx) {
        Token amountToken = ctx.getStart(); // INTERVAL
        long amount;
        Token valueToken;
        if (ctx.string() != null) {
            valueToken = ctx.string().getStart();
            String text = string(ctx.string()).trim();
            if (!text.matches("[0-9]{1,18}")) {
                throw error("E101", "bad interval amount '" + text + "'", range(valueToken),
                        "a non-negative integer (§4.4)", "write INTERVAL '5' MINUTE or 5m");
            }
            amount = Long.parseLong(text);
        } else {
            valueToken = ctx.INTEGER_VALUE().getSymbol();
            amount = longValue(valueToken);
        }
        String unit = ctx.timeUnit().getText().toUpperCase(Locale.ROOT);
        if (unit.endsWith("S")) {
            unit = unit.substring(0, unit.length() - 1);
        }
        long factor = switch (unit) {
            case "MILLISECOND" -> 1L;
            case "SECOND" -> 1000L;
            case "MINUTE" -> 60_000L;
            case "HOUR" -> 3_600_000L;
            case "DAY" -> 86_400_000L;
            default -> 604_800_000L;
        };
        return amountToken == null ? 0 : multiply(amount, factor, valueToken);
    }

    // ---------------------------------------------------------------------------------------------- OVER

    private OverClause over(OverClauseContext ctx) {
        if (ctx.standardWindow() != null) {
            StandardWindowContext s = ctx.standardWindow();
            return new OverClause(range(ctx), OptionalInt.empty(),
                    s.partitionBy() == null ? List.of() : exprs(s.partitionBy().expr()),
                    s.overOrderBy() == null ? List.of() : orderItems(s.overOrderBy().orderItem()),
                    s.frame() == null ? Optional.empty() : Optional.of(frame(s.frame())),
                    Optional.empty(), false);
        }
        BufferWindowContext b = ctx.bufferWindow();
        int rows = intValue(b.INTEGER_VALUE().getSymbol(), "buffer size");
        List<Expr> partitionBy = List.of();
        List<OrderItem> orderBy = List.of();
        Optional<OverClause.Frame> frame = Optional.empty();
        Optional<OverClause.Expire> expire = Optional.empty();
        boolean emitEveryRecord = false;
        Map<String, OverPartContext> seen = new HashMap<>();
        for (OverPartContext part : b.overPart()) {
            String name = part.partitionBy() != null ? "PARTITION BY" : part.overOrderBy() != null ? "ORDER BY"
                    : part.frame() != null ? "frame" : part.expire() != null ? "EXPIRE AFTER" : "EMIT";
            if (seen.put(name, part) != null) {
                throw error("E105", name + " is given more than once in OVER", range(part),
                        "each OVER part at most once (§11.1)", "merge the two " + name + " parts");
            }
            if (part.partitionBy() != null) {
                partitionBy = exprs(part.partitionBy().expr());
            } else if (part.overOrderBy() != null) {
                orderBy = orderItems(part.overOrderBy().orderItem());
            } else if (part.frame() != null) {
                frame = Optional.of(frame(part.frame()));
            } else if (part.expire() != null) {
                ExpireContext e = part.expire();
                expire = Optional.of(new OverClause.Expire(range(e),
                        e.NEVER() != null ? Optional.empty() : Optional.of(duration(e.duration()))));
            } else {
                OverEmitContext e = part.overEmit();
                if (e.BUFFER() != null) {
                    throw error("E304", "EMIT ON BUFFER FULL is not supported", range(e),
                            "EMIT EVERY RECORD", "buffers emit on every record; remove EMIT ON BUFFER FULL");
                }
                emitEveryRecord = true;
            }
        }
        return new OverClause(range(ctx), OptionalInt.of(rows), partitionBy, orderBy, frame, expire, emitEveryRecord);
    }

    private OverClause.Frame frame(FrameContext ctx) {
        OverClause.FrameUnit unit = ctx.unit.getType() == VeloSqlLexer.RANGE
                ? OverClause.FrameUnit.RANGE : OverClause.FrameUnit.ROWS;
        return new OverClause.Frame(range(ctx), unit, bound(ctx.frameBound(0)), bound(ctx.frameBound(1)));
    }

    private OverClause.Bound bound(FrameBoundContext ctx) {
        if (ctx instanceof UnboundedBoundContext u) {
            return new OverClause.Bound(range(ctx), u.dir.getType() == VeloSqlLexer.PRECEDING
                    ? OverClause.BoundKind.UNBOUNDED_PRECEDING : OverClause.BoundKind.UNBOUNDED_FOLLOWING,
                    Optional.empty());
        }
        if (ctx instanceof CurrentRowBoundContext) {
            return new OverClause.Bound(range(ctx), OverClause.BoundKind.CURRENT_ROW, Optional.empty());
        }
        if (!(ctx instanceof OffsetBoundContext o)) {
            throw unhandled(ctx);
        }
        Expr.Literal offset;
        if (o.number() != null) {
            offset = number(o.number().getStart(), false, o.number().getStart());
        } else if (o.interval() != null) {
            offset = intervalLiteral(o.interval());
        } else {
            offset = shortDuration(o.SHORT_DURATION().getSymbol());
        }
        return new OverClause.Bound(range(ctx), o.dir.getType() == VeloSqlLexer.PRECEDING
                ? OverClause.BoundKind.PRECEDING : OverClause.BoundKind.FOLLOWING, Optional.of(offset));
    }

    // ---------------------------------------------------------------------------------------------- expressions

    private List<Expr> exprs(List<ExprContext> list) {
        List<Expr> result = new ArrayList<>(list.size());
        for (ExprContext e : list) {
            result.add(expr(e));
        }
        return result;
    }

    public Expr expr(ExprContext ctx) {
        List<AndExprContext> terms = ctx.andExpr();
        Expr result = and(terms.get(0));
        for (int i = 1; i < terms.size(); i++) {
            Expr right = and(terms.get(i));
            result = new Expr.Binary(result.range().to(right.range()), Expr.BinaryOp.OR, result, right);
        }
        return result;
    }

    private Expr and(AndExprContext ctx) {
        List<NotExprContext> terms = ctx.notExpr();
        Expr result = not(terms.get(0));
        for (int i = 1; i < terms.size(); i++) {
            Expr right = not(terms.get(i));
            result = new Expr.Binary(result.range().to(right.range()), Expr.BinaryOp.AND, result, right);
        }
        return result;
    }

    private Expr not(NotExprContext ctx) {
        Expr result = predicate(ctx.predicate());
        List<TerminalNode> nots = ctx.NOT();
        for (int i = nots.size() - 1; i >= 0; i--) {
            result = new Expr.Unary(range(nots.get(i).getSymbol()).to(result.range()), Expr.UnaryOp.NOT, result);
        }
        return result;
    }

    private Expr predicate(PredicateContext ctx) {
        if (ctx instanceof ExistsPredicateContext e) {
            return new Expr.Exists(range(ctx), query(e.query()));
        }
        if (!(ctx instanceof BasicPredicateContext b)) {
            throw unhandled(ctx);
        }
        Expr left = concat(b.concat());
        PredicateTailContext tail = b.predicateTail();
        if (tail == null) {
            return left;
        }
        SourceRange r = range(ctx);
        if (tail instanceof ComparisonContext c) {
            return new Expr.Binary(r, comparison(c.comparisonOperator()), left, concat(c.concat()));
        }
        if (tail instanceof QuantifiedComparisonContext q) {
            Expr.Quantifier quantifier = switch (q.quantifier.getType()) {
                case VeloSqlLexer.ANY -> Expr.Quantifier.ANY;
                case VeloSqlLexer.SOME -> Expr.Quantifier.SOME;
                case VeloSqlLexer.ALL -> Expr.Quantifier.ALL;
                default -> throw unhandled(q.quantifier);
            };
            return new Expr.QuantifiedComparison(r, left, comparison(q.comparisonOperator()), quantifier,
                    query(q.query()));
        }
        if (tail instanceof BetweenContext bt) {
            return new Expr.Between(r, left, concat(bt.concat(0)), concat(bt.concat(1)), bt.NOT() != null);
        }
        if (tail instanceof InSubqueryContext in) {
            return new Expr.InSubquery(r, left, query(in.query()), in.NOT() != null);
        }
        if (tail instanceof InListContext in) {
            return new Expr.InList(r, left, exprs(in.expr()), in.NOT() != null);
        }
        if (tail instanceof LikeContext l) {
            Optional<String> escape = l.string() == null ? Optional.empty() : Optional.of(string(l.string()));
            return new Expr.Like(r, left, concat(l.concat()), escape, l.NOT() != null);
        }
        if (!(tail instanceof IsPredicateContext is)) {
            throw unhandled(tail);
        }
        Expr.IsKind kind = switch (is.kind.getType()) {
            case VeloSqlLexer.NULL -> Expr.IsKind.NULL;
            case VeloSqlLexer.TRUE -> Expr.IsKind.TRUE;
            case VeloSqlLexer.FALSE -> Expr.IsKind.FALSE;
            default -> throw unhandled(is.kind);
        };
        return new Expr.IsPredicate(r, left, kind, is.NOT() != null);
    }

    private static Expr.BinaryOp comparison(ComparisonOperatorContext ctx) {
        return switch (ctx.getStart().getType()) {
            case VeloSqlLexer.EQ -> Expr.BinaryOp.EQ;
            case VeloSqlLexer.LT -> Expr.BinaryOp.LT;
            case VeloSqlLexer.LTE -> Expr.BinaryOp.LE;
            case VeloSqlLexer.GT -> Expr.BinaryOp.GT;
            case VeloSqlLexer.GTE -> Expr.BinaryOp.GE;
            case VeloSqlLexer.NEQ, VeloSqlLexer.BANG_EQ -> Expr.BinaryOp.NE;
            default -> throw unhandled(ctx.getStart());
        };
    }

    private Expr concat(ConcatContext ctx) {
        List<AdditiveContext> terms = ctx.additive();
        Expr result = additive(terms.get(0));
        for (int i = 1; i < terms.size(); i++) {
            Expr right = additive(terms.get(i));
            result = new Expr.Binary(result.range().to(right.range()), Expr.BinaryOp.CONCAT, result, right);
        }
        return result;
    }

    private Expr additive(AdditiveContext ctx) {
        List<MultiplicativeContext> terms = ctx.multiplicative();
        Expr result = multiplicative(terms.get(0));
        for (int i = 1; i < terms.size(); i++) {
            Expr right = multiplicative(terms.get(i));
            Expr.BinaryOp op = ctx.op.get(i - 1).getType() == VeloSqlLexer.PLUS
                    ? Expr.BinaryOp.ADD : Expr.BinaryOp.SUBTRACT;
            result = new Expr.Binary(result.range().to(right.range()), op, result, right);
        }
        return result;
    }

    private Expr multiplicative(MultiplicativeContext ctx) {
        List<UnaryContext> terms = ctx.unary();
        Expr result = unary(terms.get(0));
        for (int i = 1; i < terms.size(); i++) {
            Expr right = unary(terms.get(i));
            Expr.BinaryOp op = switch (ctx.op.get(i - 1).getType()) {
                case VeloSqlLexer.ASTERISK -> Expr.BinaryOp.MULTIPLY;
                case VeloSqlLexer.SLASH -> Expr.BinaryOp.DIVIDE;
                case VeloSqlLexer.PERCENT -> Expr.BinaryOp.MODULO;
                default -> throw unhandled(ctx.op.get(i - 1));
            };
            result = new Expr.Binary(result.range().to(right.range()), op, result, right);
        }
        return result;
    }

    private Expr unary(UnaryContext ctx) {
        if (ctx.sign == null) {
            return postfix(ctx.postfix());
        }
        boolean minus = ctx.sign.getType() == VeloSqlLexer.MINUS;
        PostfixContext p = ctx.postfix();
        // §4.3: '-' applied directly to an integer literal folds into it before the range check.
        if (minus && p.LBRACKET().isEmpty() && p.primary() instanceof LiteralPrimaryContext lp
                && lp.literal() instanceof NumericLiteralContext n && n.number().INTEGER_VALUE() != null) {
            return number(n.number().getStart(), true, ctx.sign);
        }
        Expr operand = postfix(p);
        return new Expr.Unary(range(ctx), minus ? Expr.UnaryOp.NEGATE : Expr.UnaryOp.PLUS, operand);
    }

    private Expr postfix(PostfixContext ctx) {
        Expr result = primary(ctx.primary());
        for (ExprContext index : ctx.expr()) {
            Expr i = expr(index);
            // the ']' closing this subscript is the token after the index expression
            result = new Expr.Subscript(range(ctx.getStart(), nextToken(index)), result, i);
        }
        return result;
    }

    private static Token nextToken(ParserRuleContext ctx) {
        ParserRuleContext parent = ctx.getParent();
        int index = parent.children.indexOf(ctx);
        if (index + 1 < parent.getChildCount() && parent.getChild(index + 1) instanceof TerminalNode t) {
            return t.getSymbol();
        }
        return ctx.getStop();
    }

    private Expr primary(PrimaryContext ctx) {
        if (ctx instanceof LiteralPrimaryContext l) {
            return literal(l.literal());
        }
        if (ctx instanceof ColumnRefContext c) {
            return columnRef(c.namePath());
        }
        if (ctx instanceof FunctionPrimaryContext f) {
            return functionCall(f.functionCall());
        }
        if (ctx instanceof ParenthesizedContext p) {
            return expr(p.expr());
        }
        if (ctx instanceof SubqueryExprContext s) {
            return new Expr.ScalarSubquery(range(ctx), query(s.query()));
        }
        if (ctx instanceof CaseExprContext c) {
            List<ExprContext> all = c.expr();
            Optional<Expr> operand = Optional.empty();
            Optional<Expr> otherwise = Optional.empty();
            // The operand, if any, is the expr before the first WHEN; the ELSE expr the one after ELSE.
            int whenStart = c.whenClause(0).getStart().getTokenIndex();
            for (ExprContext e : all) {
                if (e.getStart().getTokenIndex() < whenStart) {
                    operand = Optional.of(expr(e));
                } else {
                    otherwise = Optional.of(expr(e));
                }
            }
            List<Expr.WhenClause> whens = new ArrayList<>();
            for (WhenClauseContext w : c.whenClause()) {
                whens.add(new Expr.WhenClause(range(w), expr(w.expr(0)), expr(w.expr(1))));
            }
            return new Expr.Case(range(ctx), operand, whens, otherwise);
        }
        if (ctx instanceof CastExprContext c) {
            return new Expr.Cast(range(ctx), expr(c.expr()), type(c.type()), c.kind.getType() == VeloSqlLexer.TRY_CAST);
        }
        if (ctx instanceof ExtractExprContext e) {
            return new Expr.Extract(range(ctx), identifier(e.identifier()).toUpperCase(Locale.ROOT), expr(e.expr()));
        }
        if (ctx instanceof PositionExprContext p) {
            return new Expr.Position(range(ctx), concat(p.concat(0)), concat(p.concat(1)));
        }
        if (ctx instanceof CurrentTimestampContext) {
            return new Expr.CurrentTimestamp(range(ctx));
        }
        throw unhandled(ctx);
    }

    private Expr.FunctionCall functionCall(FunctionCallContext ctx) {
        FunctionNameContext n = ctx.functionName();
        String name = n.BACKQUOTED_IDENTIFIER() != null ? unquoteBackticks(n.getText()) : n.getText();
        List<OrderItem> withinGroup = ctx.WITHIN() == null ? List.of() : orderItems(ctx.orderItem());
        Optional<OverClause> over = ctx.overClause() == null ? Optional.empty() : Optional.of(over(ctx.overClause()));
        return new Expr.FunctionCall(range(ctx), name, exprs(ctx.expr()), ctx.DISTINCT() != null, ctx.star != null,
                withinGroup, over);
    }

    public Expr.ColumnRef columnRef(NamePathContext ctx) {
        List<String> parts = new ArrayList<>();
        for (IdentifierContext i : ctx.identifier()) {
            parts.add(identifier(i));
        }
        return new Expr.ColumnRef(range(ctx), parts);
    }

    // ---------------------------------------------------------------------------------------------- literals

    private Expr.Literal literal(LiteralContext ctx) {
        if (ctx instanceof NumericLiteralContext n) {
            Token t = n.number().getStart();
            return number(t, false, t);
        }
        if (ctx instanceof StringLiteralContext s) {
            Token t = s.string().getStart();
            return new Expr.Literal(range(ctx), Expr.LiteralKind.STRING, string(s.string()), t.getText(),
                    t.getType() == VeloSqlLexer.DOUBLE_QUOTED_STRING);
        }
        if (ctx instanceof BooleanLiteralContext b) {
            return new Expr.Literal(range(ctx), Expr.LiteralKind.BOOLEAN, b.TRUE() != null, ctx.getText(), false);
        }
        if (ctx instanceof NullLiteralContext) {
            return new Expr.Literal(range(ctx), Expr.LiteralKind.NULL, null, ctx.getText(), false);
        }
        if (ctx instanceof IntervalLiteralContext i) {
            return intervalLiteral(i.interval());
        }
        if (ctx instanceof ShortDurationLiteralContext d) {
            return shortDuration(d.SHORT_DURATION().getSymbol());
        }
        if (!(ctx instanceof TypedLiteralContext t)) {
            throw unhandled(ctx);
        }
        boolean timestamp = t.kind.getType() == VeloSqlLexer.TIMESTAMP;
        return new Expr.Literal(range(ctx), timestamp ? Expr.LiteralKind.TIMESTAMP : Expr.LiteralKind.DATE,
                string(t.string()), source.textOf(ctx.getStart(), ctx.getStop()),
                t.string().getStart().getType() == VeloSqlLexer.DOUBLE_QUOTED_STRING);
    }

    private Expr.Literal intervalLiteral(IntervalContext ctx) {
        return new Expr.Literal(range(ctx), Expr.LiteralKind.INTERVAL, intervalMillis(ctx),
                source.textOf(ctx.getStart(), ctx.getStop()), false);
    }

    private Expr.Literal shortDuration(Token t) {
        return new Expr.Literal(range(t), Expr.LiteralKind.INTERVAL, shortDurationMillis(t), t.getText(), false);
    }

    /** A number literal (§4.3); {@code negated} folds a leading '-' (whose token is {@code start}). */
    private Expr.Literal number(Token t, boolean negated, Token start) {
        String digits = t.getText();
        String text = negated ? "-" + digits : digits;
        SourceRange r = range(start, t);
        switch (t.getType()) {
            case VeloSqlLexer.INTEGER_VALUE -> {
                BigInteger v = new BigInteger(text);
                if (v.compareTo(INT_MIN) >= 0 && v.compareTo(INT_MAX) <= 0) {
                    return new Expr.Literal(r, Expr.LiteralKind.INTEGER, v.intValue(), text, false);
                }
                if (v.compareTo(LONG_MIN) >= 0 && v.compareTo(LONG_MAX) <= 0) {
                    return new Expr.Literal(r, Expr.LiteralKind.BIGINT, v.longValue(), text, false);
                }
                throw error("E101", "integer literal out of range: " + text, r,
                        "an integer of at most 64 bits (§4.3)", "write it as a decimal, e.g. " + text + ".0");
            }
            case VeloSqlLexer.DECIMAL_VALUE -> {
                BigDecimal v = new BigDecimal(text);
                int scale = digits.length() - digits.indexOf('.') - 1;
                String intPart = digits.substring(0, digits.indexOf('.')).replaceFirst("^0+", "");
                int precision = Math.max(1, intPart.length() + scale);
                if (precision > 38) {
                    throw error("E101", "decimal literal has more than 38 digits: " + text, r,
                            "at most 38 digits (§4.3)", "write it with an exponent to make it a DOUBLE");
                }
                return new Expr.Literal(r, Expr.LiteralKind.DECIMAL, v, text, false);
            }
            default -> {
                return new Expr.Literal(r, Expr.LiteralKind.DOUBLE, Double.parseDouble(text), text, false);
            }
        }
    }

    public static String string(StringContext ctx) {
        return unquote(ctx.getStart().getText());
    }

    /** Strips the delimiting quotes and undoubles the inner ones (§4.2). */
    public static String unquote(String quoted) {
        char q = quoted.charAt(0);
        String inner = quoted.substring(1, quoted.length() - 1);
        String doubled = String.valueOf(new char[] {q, q});
        return inner.indexOf(q) < 0 ? inner : inner.replace(doubled, String.valueOf(q));
    }

    private static String unquoteBackticks(String text) {
        return unquote(text);
    }

    /** An identifier as written (§4.1: the binder compares case-insensitively); backticks removed. */
    public static String identifier(IdentifierContext ctx) {
        Token t = ctx.getStart();
        return t.getType() == VeloSqlLexer.BACKQUOTED_IDENTIFIER ? unquote(t.getText()) : t.getText();
    }

    // ---------------------------------------------------------------------------------------------- types

    public Expr.TypeRef type(TypeContext ctx) {
        return new Expr.TypeRef(range(ctx), veloType(ctx), source.textOf(ctx.getStart(), ctx.getStop()));
    }

    private VeloType veloType(TypeContext ctx) {
        if (ctx instanceof ArrayTypeContext a) {
            return new VeloType.ArrayType(veloType(a.type()));
        }
        if (ctx instanceof MapTypeContext m) {
            return new VeloType.MapType(veloType(m.type(0)), veloType(m.type(1)));
        }
        if (ctx instanceof StructTypeContext s) {
            List<Column> fields = new ArrayList<>();
            for (int i = 0; i < s.identifier().size(); i++) {
                fields.add(new Column(identifier(s.identifier(i)), veloType(s.type(i))));
            }
            return new VeloType.StructType(fields);
        }
        if (!(ctx instanceof NamedTypeContext n)) {
            throw unhandled(ctx);
        }
        String name = identifier(n.identifier()).toUpperCase(Locale.ROOT);
        List<TerminalNode> params = n.INTEGER_VALUE();
        SourceRange r = range(ctx);
        switch (name) {
            case "DECIMAL", "NUMERIC" -> {
                if (params.isEmpty()) {
                    return Types.decimal(38, 4);
                }
                long p = longValue(params.get(0).getSymbol());
                long s = params.size() > 1 ? longValue(params.get(1).getSymbol()) : 0;
                if (p < 1 || p > 38 || s < 0 || s > p) {
                    throw error("E301", "invalid type " + source.textOf(ctx.getStart(), ctx.getStop()), r,
                            "DECIMAL(p,s) with 1 <= p <= 38 and 0 <= s <= p (§7.1)", null);
                }
                return Types.decimal((int) p, (int) s);
            }
            case "VARCHAR" -> {
                if (params.size() > 1) {
                    throw noParams(ctx, "VARCHAR or VARCHAR(n)");
                }
                return Types.STRING;
            }
            case "TIME" -> {
                if (params.size() > 1 || (params.size() == 1 && !params.get(0).getText().equals("3"))) {
                    throw error("E301", "unsupported type " + source.textOf(ctx.getStart(), ctx.getStop()), r,
                            "TIME or TIME(3) (§7.1)", "times of day have millisecond precision: write TIME(3)");
                }
                return Types.TIME;
            }
            case "TIMESTAMP" -> {
                if (params.size() > 1 || (params.size() == 1 && !params.get(0).getText().equals("3"))) {
                    throw error("E301", "unsupported type " + source.textOf(ctx.getStart(), ctx.getStop()), r,
                            "TIMESTAMP or TIMESTAMP(3) (§7.1)", "timestamps have millisecond precision: "
                                    + "write TIMESTAMP(3)");
                }
                return Types.TIMESTAMP;
            }
            default -> {
                VeloType simple = switch (name) {
                    case "BOOLEAN", "BOOL" -> Types.BOOLEAN;
                    case "INT", "INTEGER" -> Types.INTEGER;
                    case "BIGINT", "LONG" -> Types.BIGINT;
                    case "DOUBLE", "FLOAT", "REAL" -> Types.DOUBLE;
                    case "STRING", "TEXT" -> Types.STRING;
                    case "DATETIME" -> Types.TIMESTAMP;
                    case "DATE" -> Types.DATE;
                    default -> null;
                };
                if (simple == null) {
                    throw error("E301", "unknown type " + identifier(n.identifier()), r,
                            "BOOLEAN, INTEGER, BIGINT, DOUBLE, DECIMAL(p,s), STRING, TIMESTAMP, DATE, TIME, ARRAY<T>, "
                                    + "MAP<K,V> or STRUCT<...> (§7.1)", null);
                }
                if (!params.isEmpty()) {
                    throw noParams(ctx, simple.sqlName());
                }
                return simple;
            }
        }
    }

    private VeloSqlException noParams(TypeContext ctx, String expected) {
        return error("E301", "invalid type " + source.textOf(ctx.getStart(), ctx.getStop()), range(ctx),
                expected + " (§7.1)", null);
    }
}
