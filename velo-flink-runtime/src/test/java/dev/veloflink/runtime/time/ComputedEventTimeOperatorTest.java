package dev.veloflink.runtime.time;

import dev.veloflink.dialect.types.Types;
import dev.veloflink.runtime.ErrorPolicy;
import dev.veloflink.runtime.RowErrorHandler;
import dev.veloflink.runtime.testing.Exprs;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The computed window time making its own watermarks (input without event time): an instance without rows goes idle
 * after the source's {@code watermark.idle.timeout} (SPEC §10.3), else a window downstream would never fire.
 * Rows: [time (BIGINT epoch ms)].
 */
class ComputedEventTimeOperatorTest {

    static OneInputStreamOperatorTestHarness<Row, Row> harness(long idleTimeoutMillis) throws Exception {
        ComputedEventTimeOperator operator = new ComputedEventTimeOperator("q", Exprs.field(0),
                new EventTimeFormat("auto", Types.BIGINT), new RowErrorHandler("q", "orders", ErrorPolicy.SKIP, -1),
                0, idleTimeoutMillis);
        OneInputStreamOperatorTestHarness<Row, Row> h = new OneInputStreamOperatorTestHarness<>(operator);
        h.setProcessingTime(0);
        h.open();
        return h;
    }

    /** Records as {@code row@time}, watermarks as {@code W(t)}, statuses as {@code IDLE}/{@code ACTIVE}. */
    static List<String> output(OneInputStreamOperatorTestHarness<Row, Row> h) {
        List<String> out = new ArrayList<>();
        for (Object element : h.getOutput()) {
            if (element instanceof StreamRecord<?> record) {
                out.add(record.getValue() + "@" + record.getTimestamp());
            } else if (element instanceof Watermark mark) {
                out.add("W(" + mark.getTimestamp() + ")");
            } else if (element instanceof WatermarkStatus status) {
                out.add(status.isIdle() ? "IDLE" : "ACTIVE");
            } else {
                throw new AssertionError("unexpected output " + element);
            }
        }
        h.getOutput().clear();
        return out;
    }

    @Test
    void anInstanceWithoutRowsGoesIdleAfterTheTimeoutAndActiveWithItsNextRow() throws Exception {
        try (OneInputStreamOperatorTestHarness<Row, Row> h = harness(1000)) {
            h.setProcessingTime(999);
            assertThat(output(h)).isEmpty();
            h.setProcessingTime(1000);
            assertThat(output(h)).containsExactly("IDLE");

            h.setProcessingTime(1500);
            h.processElement(new StreamRecord<>(Row.of(5000L)));
            assertThat(output(h)).containsExactly("ACTIVE", "+I[5000]@5000", "W(4999)");
            // rows keep it active: the timeout counts from the last row
            h.setProcessingTime(2400);
            h.processElement(new StreamRecord<>(Row.of(6000L)));
            h.setProcessingTime(3399);
            assertThat(output(h)).containsExactly("+I[6000]@6000", "W(5999)");
            h.setProcessingTime(3400);
            assertThat(output(h)).containsExactly("IDLE");
        }
    }

    @Test
    void withoutAnIdleTimeoutItNeverGoesIdle() throws Exception {
        try (OneInputStreamOperatorTestHarness<Row, Row> h = harness(-1)) {
            h.setProcessingTime(1_000_000);
            assertThat(output(h)).isEmpty();
        }
    }

    @Test
    void anIdleInputKeepsItIdleAndTheEndOfInputsWatermarkGoesOutActive() throws Exception {
        try (OneInputStreamOperatorTestHarness<Row, Row> h = harness(1000)) {
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            assertThat(output(h)).containsExactly("IDLE");
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            h.setProcessingTime(5000);
            assertThat(output(h)).containsExactly("ACTIVE", "W(" + Long.MAX_VALUE + ")");
        }
    }
}
