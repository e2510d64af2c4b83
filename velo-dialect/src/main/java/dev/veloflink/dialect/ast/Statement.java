package dev.veloflink.dialect.ast;

import dev.veloflink.dialect.types.VeloType;

import java.util.List;
import java.util.Optional;

/** A top-level statement of an application file (SPEC §2). */
public sealed interface Statement extends Node {

    /** Calls the method of {@code visitor} for this kind (see {@link StatementVisitor}). */
    <R, C> R accept(StatementVisitor<R, C> visitor, C context);

    /** The annotations attached to this statement (SPEC §1.3), in file order. */
    List<Annotation> annotations();

    /** The 1-based position of the statement in the file (for {@code statement_<n>} job names, SPEC §1.4). */
    int ordinal();

    enum CreateKind { STREAM, TABLE }

    record ColumnDef(SourceRange range, String name, Expr.TypeRef type, boolean notNull) implements Node {
        public VeloType veloType() {
            return type.type();
        }
    }

    /** The older sink form {@code INTO sink} (SPEC §2.6); {@code uri} tells {@code INTO 'uri'} from a name. */
    record Into(SourceRange range, String target, boolean uri) implements Node {
    }

    /**
     * {@code CREATE STREAM|TABLE name [(columns)] AS query [INTO ..] [WITH (...)] [EMIT ...]}.
     * {@code trailingEmit} is an EMIT written after the WITH.
     */
    record Create(SourceRange range, int ordinal, List<Annotation> annotations, CreateKind kind, String name,
                  SourceRange nameRange, List<ColumnDef> columns, Query query, Optional<Into> into,
                  Optional<WithClause> with, Optional<Query.Emit> trailingEmit) implements Statement {
        @Override
        public <R, C> R accept(StatementVisitor<R, C> visitor, C context) {
            return visitor.visitCreate(this, context);
        }

        public Create {
            annotations = List.copyOf(annotations);
            columns = List.copyOf(columns);
        }
    }

    /** A plain top-level query (SPEC §2.3). */
    record PlainQuery(SourceRange range, int ordinal, List<Annotation> annotations, Query query,
                      Optional<Into> into, Optional<WithClause> with) implements Statement {
        @Override
        public <R, C> R accept(StatementVisitor<R, C> visitor, C context) {
            return visitor.visitPlainQuery(this, context);
        }

        public PlainQuery {
            annotations = List.copyOf(annotations);
        }
    }

    enum ShowKind { STREAMS, TABLES, JOBS, FUNCTIONS }

    /** {@code SHOW STREAMS|TABLES|JOBS|QUERIES|FUNCTIONS}; QUERIES is JOBS. */
    record Show(SourceRange range, int ordinal, List<Annotation> annotations, ShowKind kind) implements Statement {
        @Override
        public <R, C> R accept(StatementVisitor<R, C> visitor, C context) {
            return visitor.visitShow(this, context);
        }

        public Show {
            annotations = List.copyOf(annotations);
        }
    }

    record Describe(SourceRange range, int ordinal, List<Annotation> annotations, String name)
            implements Statement {
        @Override
        public <R, C> R accept(StatementVisitor<R, C> visitor, C context) {
            return visitor.visitDescribe(this, context);
        }

        public Describe {
            annotations = List.copyOf(annotations);
        }
    }

    record StopJob(SourceRange range, int ordinal, List<Annotation> annotations, String job, boolean drain)
            implements Statement {
        @Override
        public <R, C> R accept(StatementVisitor<R, C> visitor, C context) {
            return visitor.visitStopJob(this, context);
        }

        public StopJob {
            annotations = List.copyOf(annotations);
        }
    }
}
