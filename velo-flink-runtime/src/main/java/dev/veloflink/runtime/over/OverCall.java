package dev.veloflink.runtime.over;

import java.io.Serializable;
import java.util.Objects;

/** One {@code f(...) OVER (...)} of a query: its function, the buffer (index into the spec's buffers) and frame. */
public record OverCall(int buffer, OverFunction function, Frame frame) implements Serializable {
    public OverCall {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(frame, "frame");
    }

    public static OverCall of(int buffer, OverFunction function) {
        return new OverCall(buffer, function, Frame.DEFAULT);
    }
}
