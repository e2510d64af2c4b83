package dev.veloflink.runtime.order;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The sort in front of single-writer sinks (SPEC §3.4, §9.4, §9.8), run at parallelism 1. Rows wait in operator list
 * state until the watermark reaches their timestamp, then leave as one sorted batch, before the watermark itself.
 *
 * <p>The Flink watermark is {@code W - 1} (§10.3), so a row stamped {@code t} (a window end, say) is released once
 * {@code t <= W}, that is {@code t - 1 <= watermark}.
 */
public final class OrderedReleaseOperator extends AbstractStreamOperator<Row>
        implements OneInputStreamOperator<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ReleaseOrder order;
    private final TypeInformation<Row> rowType;

    private transient ListState<Tuple2<Long, Row>> buffer;
    /** The smallest buffered timestamp, so most watermarks need not read the buffer; rebuilt on restore. */
    private transient long earliestBuffered;

    public OrderedReleaseOperator(ReleaseOrder order, TypeInformation<Row> rowType) {
        this.order = order;
        this.rowType = rowType;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        buffer = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("velo-ordered-release",
                new TupleTypeInfo<>(Types.LONG, rowType)));
        earliestBuffered = Long.MAX_VALUE;
        for (Tuple2<Long, Row> entry : buffer.get()) {
            earliestBuffered = Math.min(earliestBuffered, entry.f0);
        }
    }

    @Override
    public void processElement(StreamRecord<Row> record) throws Exception {
        long timestamp = record.hasTimestamp() ? record.getTimestamp() : Long.MIN_VALUE;
        // Object reuse: the upstream operator may recycle its row once we return.
        buffer.add(Tuple2.of(timestamp, Row.copy(record.getValue())));
        earliestBuffered = Math.min(earliestBuffered, timestamp);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long watermark = mark.getTimestamp();
        if (earliestBuffered != Long.MAX_VALUE && isReleased(earliestBuffered, watermark)) {
            release(watermark);
        }
        super.processWatermark(mark);
    }

    private boolean isReleased(long timestamp, long watermark) {
        return watermark == Long.MAX_VALUE || (!order.onlyAtEndOfInput() && timestamp - 1 <= watermark);
    }

    private void release(long watermark) throws Exception {
        List<Tuple2<Long, Row>> ready = new ArrayList<>();
        List<Tuple2<Long, Row>> waiting = new ArrayList<>();
        for (Tuple2<Long, Row> entry : buffer.get()) {
            (isReleased(entry.f0, watermark) ? ready : waiting).add(entry);
        }
        Comparator<Tuple2<Long, Row>> byRow = (a, b) -> order.comparator().compare(a.f1, b.f1);
        ready.sort(order.byTimestampFirst()
                ? Comparator.<Tuple2<Long, Row>>comparingLong(e -> e.f0).thenComparing(byRow)
                : byRow);
        buffer.update(waiting);
        earliestBuffered = Long.MAX_VALUE;
        for (Tuple2<Long, Row> entry : waiting) {
            earliestBuffered = Math.min(earliestBuffered, entry.f0);
        }
        for (Tuple2<Long, Row> entry : ready) {
            output.collect(new StreamRecord<>(entry.f1, entry.f0));
        }
    }
}
