package dev.veloflink.dialect.ast;

/**
 * One method per kind of {@link Statement}, called through {@link Statement#accept}.
 * No default methods: a new kind is a compile error in every visitor (as for {@link ExprVisitor}).
 */
public interface StatementVisitor<R, C> {
    R visitCreate(Statement.Create create, C context);

    R visitPlainQuery(Statement.PlainQuery query, C context);

    R visitShow(Statement.Show show, C context);

    R visitDescribe(Statement.Describe describe, C context);

    R visitStopJob(Statement.StopJob stopJob, C context);
}
