package dev.veloflink.runtime.over;

import dev.veloflink.runtime.StatementFunctionContext;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Row windows (SPEC §11.2), keyed by PARTITION BY (a constant key without it). Each buffer of the spec is one keyed
 * value, the list of its rows in buffer order, changed in place and written back once per row: a ListState would copy
 * the whole list on every update, and the buffer is rewritten on every row once it is full (the eviction). Per input row: insert, evict, evaluate, emit exactly one row (input fields + one
 * field per OVER call); the output keeps the input's record timestamp, which is the per-row event time of §8.
 */
public final class RowWindowFunction extends KeyedProcessFunction<Object, Row, Row> {
    private static final long serialVersionUID = 1L;

    private final RowWindowSpec spec;

    private transient List<ValueState<List<Row>>> buffers;
    private transient ValueState<Long> lastActivity;
    private transient StatementFunctionContext functionContext;

    public RowWindowFunction(RowWindowSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext openContext) {
        buffers = new ArrayList<>();
        for (int i = 0; i < spec.buffers().size(); i++) {
            // The name of the former ListState: a savepoint of an older build then fails to restore, saying the state
            // types differ, instead of restoring empty buffers.
            buffers.add(getRuntimeContext().getState(new ValueStateDescriptor<>("over-buffer-" + i,
                    new ListTypeInfo<>(spec.inputType()))));
        }
        lastActivity = getRuntimeContext().getState(new ValueStateDescriptor<>("last-activity", Types.LONG));
        functionContext = new StatementFunctionContext(getRuntimeContext(), spec.statement());
    }

    @Override
    public void processElement(Row input, Context ctx, Collector<Row> out) throws Exception {
        // Object reuse: the buffers keep this row beyond this call.
        Row arrived = Row.copy(input);
        BufferView[] views = new BufferView[buffers.size()];
        for (int b = 0; b < views.length; b++) {
            views[b] = insert(b, arrived);
        }
        int arity = arrived.getArity();
        Row result = new Row(input.getKind(), arity + spec.calls().size());
        for (int i = 0; i < arity; i++) {
            result.setField(i, arrived.getField(i));
        }
        for (int c = 0; c < spec.calls().size(); c++) {
            OverCall call = spec.calls().get(c);
            result.setField(arity + c, views[call.buffer()].evaluate(call));
        }
        if (spec.expireAfterInactivityMs() != null) {
            long now = ctx.timerService().currentProcessingTime();
            lastActivity.update(now);
            ctx.timerService().registerProcessingTimeTimer(now + spec.expireAfterInactivityMs());
        }
        out.collect(result);
    }

    private BufferView insert(int bufferIndex, Row arrived) throws Exception {
        OverBuffer buffer = spec.buffers().get(bufferIndex);
        ValueState<List<Row>> state = buffers.get(bufferIndex);
        List<Row> rows = state.value();
        if (rows == null) {
            rows = new ArrayList<>(Math.min(buffer.capacity() + 1, 16));
        }
        List<OrderKey> orderBy = buffer.orderBy();
        // After every row ordered at or before it: ties keep arrival order. Rows mostly arrive in order, so this
        // usually compares with the last row only.
        int position = rows.size();
        if (!orderBy.isEmpty()) {
            Object[] arrivedKey = BufferView.orderValues(arrived, orderBy, functionContext);
            while (position > 0 && BufferView.compareOrderValues(
                    BufferView.orderValues(rows.get(position - 1), orderBy, functionContext), arrivedKey, orderBy) > 0) {
                position--;
            }
        }
        rows.add(position, arrived);
        if (rows.size() > buffer.capacity()) {
            int evicted = position == 0 ? 1 : 0;
            rows.remove(evicted);
            if (evicted < position) {
                position--;
            }
        }
        state.update(rows);
        return new BufferView(rows, orderBy, position, functionContext);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
        Long last = lastActivity.value();
        if (last != null && timestamp >= last + spec.expireAfterInactivityMs()) {
            for (ValueState<List<Row>> buffer : buffers) {
                buffer.clear();
            }
            lastActivity.clear();
        }
    }
}
