package dev.veloflink.runtime.interval;

import org.apache.flink.runtime.event.WatermarkEvent;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.LatencyMarker;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * An operator output that forwards event-time watermarks {@code delay} ms behind the operator's own (SPEC §12.3: the
 * join forwards W - max(x, y, 0)), so that the pairs it emits later, stamped up to that much before W, are not late
 * downstream. The end-of-input watermark passes unchanged. Everything else is delegated as is.
 */
final class DelayedWatermarkOutput<T> implements Output<StreamRecord<T>> {
    private final Output<StreamRecord<T>> delegate;
    private final long delay;
    private long lastForwarded = Long.MIN_VALUE;

    DelayedWatermarkOutput(Output<StreamRecord<T>> delegate, long delay) {
        this.delegate = delegate;
        this.delay = delay;
    }

    @Override
    public void emitWatermark(Watermark mark) {
        long time = mark.getTimestamp();
        long delayed = time == Long.MAX_VALUE ? time
                : time < Long.MIN_VALUE + delay ? Long.MIN_VALUE : time - delay;
        if (delayed > lastForwarded) {
            lastForwarded = delayed;
            delegate.emitWatermark(new Watermark(delayed));
        }
    }

    @Override
    public void emitWatermark(WatermarkEvent watermark) {
        delegate.emitWatermark(watermark);
    }

    @Override
    public void emitWatermarkStatus(WatermarkStatus watermarkStatus) {
        delegate.emitWatermarkStatus(watermarkStatus);
    }

    @Override
    public <X> void collect(OutputTag<X> outputTag, StreamRecord<X> record) {
        delegate.collect(outputTag, record);
    }

    @Override
    public void emitLatencyMarker(LatencyMarker latencyMarker) {
        delegate.emitLatencyMarker(latencyMarker);
    }

    @Override
    public void emitRecordAttributes(RecordAttributes recordAttributes) {
        delegate.emitRecordAttributes(recordAttributes);
    }

    @Override
    public void collect(StreamRecord<T> record) {
        delegate.collect(record);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
