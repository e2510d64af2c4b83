package dev.veloflink.runtime.group;

import dev.veloflink.runtime.ValueKeySelector;
import dev.veloflink.runtime.aggregate.AggregationSpec;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;

/** The planner's entry point for GROUP BY without WINDOW. */
public final class GroupAggregation {
    private GroupAggregation() {
    }

    /**
     * @param in rows keyed by their group key (an empty Row for aggregates without GROUP BY), with Flink record
     *           timestamps set to their event time; or a combiner's output keyed {@link #byGroup}
     * @param outType the type of {@code spec.output()}'s rows
     */
    public static <IN> SingleOutputStreamOperator<Row> apply(KeyedStream<IN, ?> in, AggregationSpec spec,
                                                             RowTypeInfo outType) {
        return in.transform("velo-group-aggregate[" + spec.statement() + "]", outType,
                new GroupAggregateOperator<>(spec));
    }

    /**
     * The local pre-aggregation of an EMIT FINAL aggregation, chained to {@code in} at its parallelism (see
     * {@link GroupCombineOperator}). Key its output with {@link #byGroup} and aggregate it with {@link #apply}.
     */
    public static SingleOutputStreamOperator<Object> combine(DataStream<Row> in, RowTypeInfo inType,
                                                             ValueKeySelector keys, AggregationSpec spec,
                                                             int maxGroups) {
        CombinedRecordTypeInfo type = new CombinedRecordTypeInfo(keys.getProducedType(), inType, spec.calls());
        return in.transform("velo-group-combine[" + spec.statement() + "]", type,
                new GroupCombineOperator(spec, keys, maxGroups)).setParallelism(in.getParallelism());
    }

    /** A combiner's output keyed by group, for {@link #apply}. */
    public static KeyedStream<Object, Object> byGroup(DataStream<Object> combined, ValueKeySelector keys) {
        CombinedKeySelector selector = new CombinedKeySelector(keys);
        return combined.keyBy(selector, selector.getProducedType());
    }
}
