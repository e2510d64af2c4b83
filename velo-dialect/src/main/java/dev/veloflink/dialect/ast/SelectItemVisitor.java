package dev.veloflink.dialect.ast;

/**
 * One method per kind of {@link Query.SelectItem}, called through {@link Query.SelectItem#accept}.
 * No default methods: a new kind is a compile error in every visitor (as for {@link ExprVisitor}).
 */
public interface SelectItemVisitor<R, C> {
    R visitAllColumns(Query.AllColumns item, C context);

    R visitExprItem(Query.ExprItem item, C context);
}
