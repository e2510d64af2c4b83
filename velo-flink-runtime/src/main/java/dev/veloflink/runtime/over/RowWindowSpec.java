package dev.veloflink.runtime.over;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The OVER calls of one query that share a PARTITION BY (SPEC §11). Output rows are the input fields followed by one
 * field per call, in {@code calls} order. {@code expireAfterInactivityMs} is null for EXPIRE AFTER NEVER.
 */
public record RowWindowSpec(String statement, TypeInformation<Row> inputType, List<OverBuffer> buffers,
                            List<OverCall> calls, Long expireAfterInactivityMs) implements Serializable {
    public RowWindowSpec {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(inputType, "inputType");
        buffers = List.copyOf(buffers);
        calls = List.copyOf(calls);
        for (OverCall call : calls) {
            if (call.buffer() < 0 || call.buffer() >= buffers.size()) {
                throw new IllegalArgumentException("OVER call refers to a missing buffer " + call.buffer());
            }
        }
    }
}
