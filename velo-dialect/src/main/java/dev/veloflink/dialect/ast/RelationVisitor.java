package dev.veloflink.dialect.ast;

/**
 * One method per kind of {@link Query.Relation} (FROM and JOIN), called through {@link Query.Relation#accept}.
 * No default methods: a new kind is a compile error in every visitor (as for {@link ExprVisitor}).
 */
public interface RelationVisitor<R, C> {
    R visitNamed(Query.NamedRelation relation, C context);

    R visitUri(Query.UriRelation relation, C context);

    R visitDerived(Query.DerivedRelation relation, C context);
}
