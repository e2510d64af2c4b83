package dev.veloflink.connectors.table;

import java.io.Serializable;
import java.util.List;

/**
 * The enumerator's checkpointed state: splits not handed out yet, and whether the bulk end positions were captured
 * (a restored load must not capture them again: that would move the end of a bulk phase already under way).
 */
public record TableEnumeratorState(List<TableSplit> pending, boolean captured) implements Serializable {
    public TableEnumeratorState {
        pending = List.copyOf(pending);
    }
}
