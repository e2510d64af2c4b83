package dev.veloflink.runtime.group;

import dev.veloflink.runtime.aggregate.AggregationSpec;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;

/** The planner's entry point for GROUP BY without WINDOW. */
public final class GroupAggregation {
    private GroupAggregation() {
    }

    /**
     * @param in rows keyed by their group key (an empty Row for aggregates without GROUP BY), with Flink record
     *           timestamps set to their event time
     * @param outType the type of {@code spec.output()}'s rows
     */
    public static SingleOutputStreamOperator<Row> apply(KeyedStream<Row, ?> in, AggregationSpec spec,
                                                        RowTypeInfo outType) {
        return in.transform("velo-group-aggregate[" + spec.statement() + "]", outType,
                new GroupAggregateOperator(spec));
    }
}
