package dev.veloflink.runtime.stateless;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * SELECT DISTINCT and UNION (SPEC §3.4): keyed by the whole row, it emits a row the first time its values appear and
 * remembers them in keyed state for the job's life, or for {@code state.ttl} of processing time.
 */
public final class DistinctFunction extends KeyedProcessFunction<Object, Row, Row> {
    private final Duration stateTtl;
    private transient ValueState<Boolean> seen;

    /** @param stateTtl null: keep the values for the job's life */
    public DistinctFunction(Duration stateTtl) {
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        if (stateTtl != null) {
            descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl).build());
        }
        seen = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
        if (row.getKind() == RowKind.DELETE || row.getKind() == RowKind.UPDATE_BEFORE || seen.value() != null) {
            return;
        }
        seen.update(Boolean.TRUE);
        out.collect(row);
    }
}
