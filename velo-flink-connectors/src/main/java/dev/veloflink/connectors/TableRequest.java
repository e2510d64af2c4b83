package dev.veloflink.connectors;

import dev.veloflink.connectors.decode.ErrorStrategy;

import java.util.List;

/**
 * What the planner hands a source it reads as a table ({@link SourceProvider#asTable}).
 *
 * @param statement        the statement's job name
 * @param errorStrategy    the source's {@code error.strategy}, else the statement's, else skip (SPEC §6.3)
 * @param maxParallelLoads the application's {@code table.max_parallel_loads} value, null when unset
 * @param key              the table's key columns (positions in the source's schema), empty when it has none
 * @param parallelism      the statement's parallelism, which its join or subquery reading the table runs at: how
 *                         many readers a table whose parts can be read side by side (a Kafka topic's partitions) uses
 */
public record TableRequest(String statement, ErrorStrategy errorStrategy, String maxParallelLoads, List<Integer> key,
                           int parallelism) {
    public TableRequest {
        key = List.copyOf(key);
        if (parallelism < 1) {
            throw new IllegalArgumentException("a table is read by at least 1 reader, not " + parallelism);
        }
    }
}
