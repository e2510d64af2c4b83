package dev.veloflink.runtime.aggregate;

import dev.veloflink.functions.FunctionContext;
import dev.veloflink.functions.aggregate.Accumulator;
import dev.veloflink.runtime.RowExpr;
import dev.veloflink.runtime.ValueKeySelector;
import org.apache.flink.types.Row;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/** The accumulators of all aggregate calls of one group (in one window). Stored whole in Flink state. */
public final class GroupAccumulators implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Accumulator[] accumulators;

    private GroupAccumulators(Accumulator[] accumulators) {
        this.accumulators = accumulators;
    }

    public static GroupAccumulators empty(List<AggregateCall> calls) {
        Accumulator[] accumulators = new Accumulator[calls.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = calls.get(i).factory().create();
        }
        return new GroupAccumulators(accumulators);
    }

    public void add(List<AggregateCall> calls, Row input, FunctionContext ctx) {
        for (int i = 0; i < accumulators.length; i++) {
            AggregateCall call = calls.get(i);
            if (call.filter() != null && !Boolean.TRUE.equals(call.filter().eval(input, ctx))) {
                continue;
            }
            List<RowExpr> argExprs = call.args();
            Object[] args = new Object[argExprs.size()];
            for (int a = 0; a < args.length; a++) {
                args[a] = argExprs.get(a).eval(input, ctx);
            }
            accumulators[i].add(args);
        }
    }

    /** Each accumulator's {@link Accumulator#writePartial}, in call order: a partial aggregate on the wire. */
    public void writePartials(DataOutput out) throws IOException {
        for (Accumulator accumulator : accumulators) {
            accumulator.writePartial(out);
        }
    }

    /** The accumulators {@link #writePartials} wrote, as empty ones of {@code calls} with the partials merged in. */
    public static GroupAccumulators readPartials(List<AggregateCall> calls, DataInput in) throws IOException {
        GroupAccumulators read = empty(calls);
        for (Accumulator accumulator : read.accumulators) {
            accumulator.mergePartial(in);
        }
        return read;
    }

    public void merge(GroupAccumulators other) {
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i].merge(other.accumulators[i]);
        }
    }

    /** The intermediate aggregated row: key values, aggregate results, then the window bounds when given. */
    public Row intermediateRow(Object key, Long windowStart, Long windowEnd) {
        // A Row key, or a one-column key's bare value (ValueKeySelector).
        int keyArity = key == null ? 0 : ValueKeySelector.arity(key);
        boolean windowed = windowStart != null;
        Row row = new Row(keyArity + accumulators.length + (windowed ? 2 : 0));
        for (int i = 0; i < keyArity; i++) {
            row.setField(i, ValueKeySelector.column(key, i));
        }
        for (int i = 0; i < accumulators.length; i++) {
            row.setField(keyArity + i, accumulators[i].result());
        }
        if (windowed) {
            row.setField(keyArity + accumulators.length, windowStart);
            row.setField(keyArity + accumulators.length + 1, windowEnd);
        }
        return row;
    }
}
