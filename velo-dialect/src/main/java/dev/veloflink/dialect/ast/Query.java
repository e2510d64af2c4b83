package dev.veloflink.dialect.ast;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A query: one SELECT, or a UNION of them (SPEC §3). */
public sealed interface Query extends Node {

    /** Calls the method of {@code visitor} for this kind (see {@link QueryVisitor}). */
    <R, C> R accept(QueryVisitor<R, C> visitor, C context);

    /**
     * One SELECT. An absent clause is an empty list or Optional. In a UNION, {@code orderBy}, {@code limit} and
     * {@code emit} may only be set on the last branch, and apply to the whole union.
     */
    record Select(SourceRange range, boolean distinct, List<SelectItem> items, Optional<Relation> from,
                  List<Join> joins, Optional<Expr> where, List<Expr> groupBy, Optional<WindowSpec> window,
                  Optional<Expr> having, List<OrderItem> orderBy, OptionalLong limit, Optional<Emit> emit)
            implements Query {
        @Override
        public <R, C> R accept(QueryVisitor<R, C> visitor, C context) {
            return visitor.visitSelect(this, context);
        }

        public Select {
            items = List.copyOf(items);
            joins = List.copyOf(joins);
            groupBy = List.copyOf(groupBy);
            orderBy = List.copyOf(orderBy);
        }
    }

    /** {@code left UNION [ALL] right}, left-associative. */
    record Union(SourceRange range, Query left, Select right, boolean all) implements Query {
        @Override
        public <R, C> R accept(QueryVisitor<R, C> visitor, C context) {
            return visitor.visitUnion(this, context);
        }
    }

    sealed interface SelectItem extends Node {
        /** Calls the method of {@code visitor} for this kind (see {@link SelectItemVisitor}). */
        <R, C> R accept(SelectItemVisitor<R, C> visitor, C context);
    }

    /** {@code *} (qualifier empty) or {@code alias.*}. */
    record AllColumns(SourceRange range, Optional<String> qualifier) implements SelectItem {
        @Override
        public <R, C> R accept(SelectItemVisitor<R, C> visitor, C context) {
            return visitor.visitAllColumns(this, context);
        }
    }

    record ExprItem(SourceRange range, Expr expr, Optional<String> alias, boolean primaryKey) implements SelectItem {
        @Override
        public <R, C> R accept(SelectItemVisitor<R, C> visitor, C context) {
            return visitor.visitExprItem(this, context);
        }
    }

    sealed interface Relation extends Node {
        Optional<String> alias();

        /** Calls the method of {@code visitor} for this kind (see {@link RelationVisitor}). */
        <R, C> R accept(RelationVisitor<R, C> visitor, C context);
    }

    /** {@code FROM name [[AS] alias] [WITH (...)]}. */
    record NamedRelation(SourceRange range, String name, Optional<String> alias, Optional<WithClause> with)
            implements Relation {
        @Override
        public <R, C> R accept(RelationVisitor<R, C> visitor, C context) {
            return visitor.visitNamed(this, context);
        }
    }

    /** {@code FROM 'kafka://...' [[AS] alias]} (SPEC §5.4). */
    record UriRelation(SourceRange range, String uri, Optional<String> alias) implements Relation {
        @Override
        public <R, C> R accept(RelationVisitor<R, C> visitor, C context) {
            return visitor.visitUri(this, context);
        }
    }

    /** {@code FROM (query) [AS] alias}; the alias is required (E102). */
    record DerivedRelation(SourceRange range, Query query, String aliasName) implements Relation {
        @Override
        public <R, C> R accept(RelationVisitor<R, C> visitor, C context) {
            return visitor.visitDerived(this, context);
        }

        public Optional<String> alias() {
            return Optional.of(aliasName);
        }
    }

    enum JoinType { INNER, LEFT, RIGHT, FULL }

    record Join(SourceRange range, JoinType type, Relation relation, Expr on, Optional<Duration> within)
            implements Node {
    }

    enum WindowKind { TUMBLING, SLIDING, SESSION }

    /**
     * {@code TUMBLING([time,] size)}, {@code SLIDING([time,] size, advance)},
     * {@code SESSION([time,] gap [, key_expr])}. For SESSION, {@code size} is the gap. The time is a column or any
     * expression.
     */
    record WindowSpec(SourceRange range, WindowKind kind, Optional<Expr> time, Duration size,
                      Optional<Duration> advance, Optional<Expr> sessionKey) implements Node {

        /** The time argument when it is a plain column reference. */
        public Optional<Expr.ColumnRef> timeColumn() {
            return time.filter(Expr.ColumnRef.class::isInstance).map(Expr.ColumnRef.class::cast);
        }
    }

    enum EmitMode { CHANGES, FINAL }

    record Emit(SourceRange range, EmitMode mode) implements Node {
    }
}
