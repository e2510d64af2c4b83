package dev.veloflink.runtime.over;

import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;

/** The planner's entry point for OVER calls sharing one PARTITION BY. */
public final class RowWindows {
    private RowWindows() {
    }

    /**
     * @param in rows keyed by their PARTITION BY values (a constant key, run at parallelism 1, without PARTITION BY)
     * @param outType the input fields followed by one field per OVER call
     */
    public static SingleOutputStreamOperator<Row> apply(KeyedStream<Row, ?> in, RowWindowSpec spec,
                                                        RowTypeInfo outType) {
        // The function never reads its key, so it runs on a Row key and on a bare one (ValueKeySelector) alike.
        @SuppressWarnings("unchecked")
        KeyedStream<Row, Object> keyed = (KeyedStream<Row, Object>) in;
        return keyed.process(new RowWindowFunction(spec), outType).name("velo-row-window[" + spec.statement() + "]");
    }
}
