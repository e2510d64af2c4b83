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
 */
public record TableRequest(String statement, ErrorStrategy errorStrategy, String maxParallelLoads, List<Integer> key) {
    public TableRequest {
        key = List.copyOf(key);
    }
}
