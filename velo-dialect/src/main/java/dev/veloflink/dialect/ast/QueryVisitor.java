package dev.veloflink.dialect.ast;

/**
 * One method per kind of {@link Query}, called through {@link Query#accept}.
 * No default methods: a new kind is a compile error in every visitor (as for {@link ExprVisitor}).
 */
public interface QueryVisitor<R, C> {
    R visitSelect(Query.Select select, C context);

    R visitUnion(Query.Union union, C context);
}
