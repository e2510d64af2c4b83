package dev.veloflink.runtime.testing;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Drives operators through Flink's test harnesses the way the planner's pipeline feeds them. */
public final class Harnesses {
    private Harnesses() {
    }

    /** Epoch millis of an ISO instant, e.g. {@code at("2024-05-01T10:00:05Z")}. */
    public static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** One input event: a row with its event time, after which the planner's watermark is {@code W - 1}. */
    public record Event(Row row, long eventTime) {
    }

    public static Event event(long eventTime, Object... fields) {
        return new Event(Row.of(fields), eventTime);
    }

    /** A keyed harness on {@code backend}: every keyed operator test runs on the heap and on RocksDB. */
    public static KeyedOneInputStreamOperatorTestHarness<Row, Row, Row> keyed(TestStateBackend backend,
            OneInputStreamOperator<Row, Row> operator, KeySelector<Row, Row> key, TypeInformation<Row> keyType)
            throws Exception {
        return backend.on(new KeyedOneInputStreamOperatorTestHarness<>(operator, key, keyType));
    }

    /**
     * Feeds events as a source with a bounded-out-of-orderness watermark of {@code boundMs} would: each record, then
     * the watermark {@code max event time - bound - 1} (SPEC §10.3, advancing per record).
     */
    public static final class Feeder {
        private long maxEventTime = Long.MIN_VALUE;
        private final long boundMs;

        public Feeder(long boundMs) {
            this.boundMs = boundMs;
        }

        public void feed(OneInputStreamOperatorTestHarness<Row, Row> harness, Event event) throws Exception {
            harness.processElement(new StreamRecord<>(Row.copy(event.row()), event.eventTime()));
            if (event.eventTime() > maxEventTime) {
                maxEventTime = event.eventTime();
                harness.processWatermark(new Watermark(maxEventTime - boundMs - 1));
            }
        }

        public void replayWatermark(OneInputStreamOperatorTestHarness<Row, Row> harness) throws Exception {
            if (maxEventTime != Long.MIN_VALUE) {
                harness.processWatermark(new Watermark(maxEventTime - boundMs - 1));
            }
        }
    }

    /** Output records as {@code +I[a, 1, 10]@<timestamp>}, in emission order; watermarks are left out. */
    public static List<String> drain(OneInputStreamOperatorTestHarness<Row, Row> harness) {
        List<String> out = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> record) {
                out.add(record.getValue() + "@" + record.getTimestamp());
            }
        }
        harness.getOutput().clear();
        return out;
    }

    /**
     * Runs {@code events} through a fresh harness; when {@code snapshotAfter >= 0}, snapshots after that many events,
     * continues in a second harness restored from the snapshot, and returns the concatenated output.
     */
    public static List<String> run(Supplier<OneInputStreamOperatorTestHarness<Row, Row>> harnessFactory,
                                   long boundMs, List<Event> events, int snapshotAfter, boolean endInput)
            throws Exception {
        Feeder feeder = new Feeder(boundMs);
        List<String> out = new ArrayList<>();
        OneInputStreamOperatorTestHarness<Row, Row> harness = harnessFactory.get();
        harness.open();
        for (int i = 0; i < events.size(); i++) {
            if (i == snapshotAfter) {
                OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
                out.addAll(drain(harness));
                harness.close();
                harness = harnessFactory.get();
                harness.initializeState(snapshot);
                harness.open();
            }
            if (i == snapshotAfter) {
                // A restored job's sources re-establish their watermark before operators see new records.
                feeder.replayWatermark(harness);
            }
            feeder.feed(harness, events.get(i));
        }
        if (endInput) {
            harness.processWatermark(Watermark.MAX_WATERMARK);
        }
        out.addAll(drain(harness));
        harness.close();
        return out;
    }

    public static <T> Supplier<T> unchecked(ThrowingSupplier<T> supplier) {
        return () -> {
            try {
                return supplier.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @FunctionalInterface
    public interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
