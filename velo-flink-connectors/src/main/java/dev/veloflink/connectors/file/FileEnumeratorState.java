package dev.veloflink.connectors.file;

import java.util.List;
import java.util.Set;

/**
 * The enumerator's checkpoint: files discovered but not yet assigned (with their progress, as splits handed back
 * after a failure keep it), and every path ever discovered, so watching never reads a file twice.
 */
public record FileEnumeratorState(List<FileSplit> pending, Set<String> discovered) {
    public FileEnumeratorState {
        pending = List.copyOf(pending);
        discovered = Set.copyOf(discovered);
    }
}
