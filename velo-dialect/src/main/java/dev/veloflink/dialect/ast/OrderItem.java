package dev.veloflink.dialect.ast;

public record OrderItem(SourceRange range, Expr expr, boolean descending) implements Node {
}
