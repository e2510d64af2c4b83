package dev.veloflink.runtime.window;

import dev.veloflink.runtime.aggregate.AggregationSpec;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SideOutputDataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;

/** The planner's entry point for windowed aggregations (SPEC §10). */
public final class WindowedAggregation {
    public static final String LATE_ROWS_TAG_ID = "velo-late-rows";

    private WindowedAggregation() {
    }

    /**
     * @param in rows keyed by their group key, with Flink record timestamps = event time and watermarks = W - 1
     * @param outType the type of {@code agg.output()}'s rows; output rows are stamped with their window end
     */
    public static SingleOutputStreamOperator<Row> apply(KeyedStream<Row, ?> in, WindowSpec window,
                                                        LateDataPolicy late, AggregationSpec agg,
                                                        RowTypeInfo outType) {
        return in.transform("velo-window-aggregate[" + agg.statement() + "]", outType,
                new WindowAggregateOperator(window, late, agg, lateRowsTag(in.getType())));
    }

    /** The side output of late input rows under {@code dead_letter}, typed like the aggregation's input. */
    public static OutputTag<Row> lateRowsTag(TypeInformation<Row> inputType) {
        return new OutputTag<>(LATE_ROWS_TAG_ID, inputType);
    }

    /** The late input rows of a stream returned by {@link #apply} (empty unless the strategy is dead_letter). */
    public static SideOutputDataStream<Row> lateRows(SingleOutputStreamOperator<Row> aggregated,
                                                     TypeInformation<Row> inputType) {
        return aggregated.getSideOutput(lateRowsTag(inputType));
    }
}
