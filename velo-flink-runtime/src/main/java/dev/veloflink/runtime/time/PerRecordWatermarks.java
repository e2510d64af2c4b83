package dev.veloflink.runtime.time;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The watermark of SPEC §10.3: after each record, the largest event time so far minus the bound d. Flink fires
 * timers at end - 1 ms, so the watermark handed to Flink is W - 1 ms. Unlike Flink's own bounded-out-of-orderness
 * generator, it advances per record rather than periodically, which makes results deterministic for one split.
 */
public final class PerRecordWatermarks<T> implements WatermarkGenerator<T> {
    private final long boundMillis;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEmitted = Long.MIN_VALUE;

    public PerRecordWatermarks(long boundMillis) {
        this.boundMillis = boundMillis;
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp > maxTimestamp) {
            maxTimestamp = eventTimestamp;
            long watermark = maxTimestamp - boundMillis - 1;
            if (watermark > lastEmitted) {
                lastEmitted = watermark;
                output.emitWatermark(new Watermark(watermark));
            }
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        // Per-record emission only; nothing waits for a period.
    }
}
