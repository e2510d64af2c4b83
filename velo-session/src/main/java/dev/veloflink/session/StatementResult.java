package dev.veloflink.session;

import dev.veloflink.dialect.types.Column;

import java.util.List;

/**
 * What one interactive statement gave back. Every front-end (the {@code velo sql} shell, the SQL Gateway endpoint)
 * renders these; none of them runs statements itself.
 */
public sealed interface StatementResult {

    /** A table of text cells: SHOW, DESCRIBE, STOP JOB, SET. */
    record Table(List<String> columns, List<List<String>> rows) implements StatementResult {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r)))
                    .toList();
        }
    }

    /** A CREATE STREAM or CREATE TABLE now runs as a Flink job. */
    record JobStarted(String name, String kind, String jobId) implements StatementResult {
        public String message() {
            return kind + " " + name + " runs as Flink job " + jobId;
        }
    }

    /**
     * A query: its rows arrive as a changelog on the cursor until it ends, its LIMIT is reached, or it is closed.
     * {@code schema} is its output columns with their velo types and nullability; {@code keyed} says whether it has
     * an output key (each {@link ChangeRow#key()}), by which an update replaces the earlier row.
     */
    record Query(List<Column> schema, boolean keyed, RowCursor cursor, String jobId) implements StatementResult {
        public Query {
            schema = List.copyOf(schema);
        }

        /** The column names, in order. */
        public List<String> columns() {
            return schema.stream().map(Column::name).toList();
        }
    }
}
