package dev.veloflink.dialect.ast;

/** Every AST node knows where it came from, so every diagnostic can point at it. */
public interface Node {
    SourceRange range();
}
