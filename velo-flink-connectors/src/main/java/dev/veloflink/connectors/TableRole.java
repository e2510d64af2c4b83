package dev.veloflink.connectors;

/**
 * What a source can be besides a stream, as its provider declares it ({@link SourceProvider#tableRole}), so the
 * planner decides what a relation is without knowing connector classes (SPEC §12.1, §13.1, §3.5).
 */
public enum TableRole {
    /** A stream only (datagen): never the table side of a join or the FROM of a subquery. */
    STREAM_ONLY,
    /** A table wherever one is wanted (a JDBC table or query, a file): the table side of a join, a subquery's FROM. */
    TABLE,
    /**
     * A table on a join's table side when it has a key ({@code key.fields}, schema fields marked {@code key: true}),
     * else a stream (a Kafka topic); not the FROM of a subquery.
     */
    TABLE_WHEN_KEYED
}
