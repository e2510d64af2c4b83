package dev.veloflink.runtime.order;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;

/** The planner's entry point for the parallelism-1 sort in front of single-writer sinks and for ORDER BY batches. */
public final class OrderedRelease {
    private OrderedRelease() {
    }

    public static SingleOutputStreamOperator<Row> apply(DataStream<Row> in, ReleaseOrder order) {
        SingleOutputStreamOperator<Row> sorted = in.transform("velo-ordered-release", in.getType(),
                new OrderedReleaseOperator(order, in.getType()));
        return sorted.setParallelism(1).setMaxParallelism(1);
    }
}
