package dev.veloflink.runtime.over;

import dev.veloflink.runtime.StatementFunctionContext;
import dev.veloflink.runtime.order.SortField;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;

/**
 * Row windows (SPEC §11.2), keyed by PARTITION BY (a constant key without it). Each buffer of the spec is a keyed
 * ListState kept in buffer order. Per input row: insert, evict, evaluate, emit exactly one row (input fields + one
 * field per OVER call); the output keeps the input's record timestamp, which is the per-row event time of §8.
 */
public final class RowWindowFunction extends KeyedProcessFunction<Object, Row, Row> {
    private static final long serialVersionUID = 1L;

    private final RowWindowSpec spec;

    private transient List<ListState<Row>> buffers;
    private transient ValueState<Long> lastActivity;
    private transient StatementFunctionContext functionContext;

    public RowWindowFunction(RowWindowSpec spec) {
        this.spec = spec;
    }

    @Override
    public void open(OpenContext openContext) {
        buffers = new ArrayList<>();
        for (int i = 0; i < spec.buffers().size(); i++) {
            buffers.add(getRuntimeContext().getListState(new ListStateDescriptor<>("over-buffer-" + i,
                    spec.inputType())));
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
        List<Row> rows = new ArrayList<>();
        for (Row row : buffers.get(bufferIndex).get()) {
            rows.add(row);
        }
        List<OrderKey> orderBy = buffer.orderBy();
        Object[] arrivedKey = keyOf(arrived, orderBy);
        // After every row ordered at or before it: ties keep arrival order.
        int position = rows.size();
        while (position > 0 && compare(keyOf(rows.get(position - 1), orderBy), arrivedKey, orderBy) > 0) {
            position--;
        }
        rows.add(position, arrived);
        if (rows.size() > buffer.capacity()) {
            int evicted = position == 0 ? 1 : 0;
            rows.remove(evicted);
            if (evicted < position) {
                position--;
            }
        }
        buffers.get(bufferIndex).update(rows);
        Object[][] keys = new Object[rows.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = keyOf(rows.get(i), orderBy);
        }
        return new BufferView(rows, keys, orderBy, position, functionContext);
    }

    private Object[] keyOf(Row row, List<OrderKey> orderBy) {
        Object[] key = new Object[orderBy.size()];
        for (int k = 0; k < key.length; k++) {
            key[k] = orderBy.get(k).expr().eval(row, functionContext);
        }
        return key;
    }

    private static int compare(Object[] a, Object[] b, List<OrderKey> orderBy) {
        for (int k = 0; k < a.length; k++) {
            int c = SortField.compareNullable(a[k], b[k], orderBy.get(k).descending());
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Row> out) throws Exception {
        Long last = lastActivity.value();
        if (last != null && timestamp >= last + spec.expireAfterInactivityMs()) {
            for (ListState<Row> buffer : buffers) {
                buffer.clear();
            }
            lastActivity.clear();
        }
    }
}
