package dev.veloflink.runtime.group;

import dev.veloflink.runtime.ValueKeySelector;
import dev.veloflink.runtime.aggregate.AggregationSpec;
import dev.veloflink.runtime.aggregate.EmitMode;
import dev.veloflink.runtime.testing.Exprs;
import dev.veloflink.runtime.testing.Harnesses.Event;
import dev.veloflink.runtime.testing.TestStateBackend;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static dev.veloflink.runtime.group.GroupAggregateOperatorTest.ORDERS;
import static dev.veloflink.runtime.group.GroupAggregateOperatorTest.R4;
import static dev.veloflink.runtime.group.GroupAggregateOperatorTest.R5;
import static dev.veloflink.runtime.group.GroupAggregateOperatorTest.q2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The combiner and the aggregation together give what the aggregation gives alone (SPEC §9.3, the worked example's
 * EMIT FINAL): whatever the flushes, with the records serialized between them as on the network, and after the
 * combiner gives up on an input of too many groups. Input rows: [customer, amount].
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStateBackend.class)
class GroupCombineOperatorTest {
    /** The aggregation runs on the heap and on the RocksDB backend. */
    @Parameter
    TestStateBackend backend;

    static final RowTypeInfo INPUT = new RowTypeInfo(Types.STRING, Types.LONG);
    static final AggregationSpec FINAL = q2(EmitMode.FINAL, null);
    /** What the aggregation alone emits for ORDERS (GroupAggregateOperatorTest). */
    static final List<String> EXPECTED = List.of("+I[a, 3, 16]@" + R4, "+I[b, 2, 5]@" + R5);

    static ValueKeySelector byCustomer() {
        return new ValueKeySelector(List.of(Exprs.field(0)), new RowTypeInfo(Types.STRING));
    }

    static OneInputStreamOperatorTestHarness<Row, Object> combiner(int maxGroups) throws Exception {
        OneInputStreamOperatorTestHarness<Row, Object> harness = new OneInputStreamOperatorTestHarness<>(
                new GroupCombineOperator(FINAL, byCustomer(), maxGroups));
        harness.open();
        return harness;
    }

    static void feed(OneInputStreamOperatorTestHarness<Row, Object> harness, List<Event> events) throws Exception {
        for (Event e : events) {
            harness.processElement(new StreamRecord<>(e.row(), e.eventTime()));
        }
    }

    /** The combiner's output so far, each record through the wire format, watermarks as they came. */
    static List<Object> wire(OneInputStreamOperatorTestHarness<Row, Object> harness) throws Exception {
        TypeSerializer<Object> serializer = new CombinedRecordTypeInfo(byCustomer().getProducedType(), INPUT, FINAL.calls())
                .createSerializer(new SerializerConfigImpl());
        List<Object> out = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> record) {
                DataOutputSerializer bytes = new DataOutputSerializer(64);
                serializer.serialize(record.getValue(), bytes);
                Object read = serializer.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));
                out.add(record.hasTimestamp() ? new StreamRecord<>(read, record.getTimestamp())
                        : new StreamRecord<>(read));
            } else {
                out.add(element);
            }
        }
        harness.getOutput().clear();
        return out;
    }

    KeyedOneInputStreamOperatorTestHarness<Object, Object, Row> aggregator(OperatorSubtaskState restored)
            throws Exception {
        CombinedKeySelector keys = new CombinedKeySelector(byCustomer());
        KeyedOneInputStreamOperatorTestHarness<Object, Object, Row> harness = backend.on(
                new KeyedOneInputStreamOperatorTestHarness<>(new GroupAggregateOperator<>(FINAL), keys,
                        keys.getProducedType()));
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return harness;
    }

    static void push(KeyedOneInputStreamOperatorTestHarness<Object, Object, Row> harness, List<Object> combined)
            throws Exception {
        for (Object element : combined) {
            if (element instanceof StreamRecord<?> record) {
                @SuppressWarnings("unchecked")
                StreamRecord<Object> typed = (StreamRecord<Object>) record;
                harness.processElement(typed);
            } else {
                harness.processWatermark((Watermark) element);
            }
        }
    }

    /** Ends the aggregation's input; its rows. */
    static List<String> finish(KeyedOneInputStreamOperatorTestHarness<Object, Object, Row> harness) throws Exception {
        harness.processWatermark(Watermark.MAX_WATERMARK);
        List<String> out = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> record) {
                out.add(record.getValue() + "@" + record.getTimestamp());
            }
        }
        harness.close();
        return out;
    }

    /** Runs the combiner's wire output through the aggregation, then ends the input; its rows. */
    List<String> aggregate(List<Object> combined) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<Object, Object, Row> harness = aggregator(null);
        push(harness, combined);
        return finish(harness);
    }

    static long partials(List<Object> combined) {
        return combined.stream().filter(e -> e instanceof StreamRecord<?> r && r.getValue() instanceof GroupPartial)
                .count();
    }

    @Test
    void oneFoldPerGroupReachesTheAggregationBeforeTheEndOfInputWatermark() throws Exception {
        OneInputStreamOperatorTestHarness<Row, Object> combiner = combiner(GroupCombineOperator.DEFAULT_MAX_GROUPS);
        feed(combiner, ORDERS);
        assertThat(combiner.getOutput()).as("nothing leaves before a flush").isEmpty();
        combiner.processWatermark(Watermark.MAX_WATERMARK);
        List<Object> combined = wire(combiner);
        assertThat(partials(combined)).isEqualTo(2);
        assertThat(combined.get(combined.size() - 1)).as("the watermark comes after the folds")
                .isEqualTo(Watermark.MAX_WATERMARK);
        assertThat(aggregate(combined)).containsExactlyInAnyOrderElementsOf(EXPECTED);
        combiner.close();
    }

    @Test
    void aCheckpointBarrierFlushesTheBundleAndTheFoldsMergeIntoOneResult() throws Exception {
        OneInputStreamOperatorTestHarness<Row, Object> combiner = combiner(GroupCombineOperator.DEFAULT_MAX_GROUPS);
        feed(combiner, ORDERS.subList(0, 3));
        combiner.prepareSnapshotPreBarrier(1L);
        List<Object> combined = new ArrayList<>(wire(combiner));
        assertThat(partials(combined)).as("a and b folded before the barrier").isEqualTo(2);
        feed(combiner, ORDERS.subList(3, 5));
        combiner.endInput();
        combined.addAll(wire(combiner));
        assertThat(partials(combined)).as("a and b again at the end of input").isEqualTo(4);
        assertThat(aggregate(combined)).containsExactlyInAnyOrderElementsOf(EXPECTED);
        combiner.close();
    }

    /**
     * The combiner keeps no state: a failure loses what it folded since the last barrier, and the source replays
     * those rows from the checkpoint. The barrier's flush put every row before it in the aggregation's checkpoint.
     */
    @Test
    void aRestoreFromACheckpointCountsEveryRowOnce() throws Exception {
        OneInputStreamOperatorTestHarness<Row, Object> combiner = combiner(GroupCombineOperator.DEFAULT_MAX_GROUPS);
        feed(combiner, ORDERS.subList(0, 3));
        combiner.prepareSnapshotPreBarrier(1L);
        KeyedOneInputStreamOperatorTestHarness<Object, Object, Row> aggregation = aggregator(null);
        push(aggregation, wire(combiner));
        OperatorSubtaskState checkpoint = aggregation.snapshot(1L, 1L);
        // After the checkpoint: rows folded but never flushed, then the failure.
        feed(combiner, ORDERS.subList(3, 5));
        combiner.close();
        aggregation.close();

        OneInputStreamOperatorTestHarness<Row, Object> replayed = combiner(GroupCombineOperator.DEFAULT_MAX_GROUPS);
        feed(replayed, ORDERS.subList(3, 5));
        replayed.endInput();
        KeyedOneInputStreamOperatorTestHarness<Object, Object, Row> restored = aggregator(checkpoint);
        push(restored, wire(replayed));
        assertThat(finish(restored)).containsExactlyInAnyOrderElementsOf(EXPECTED);
        replayed.close();
    }

    @Test
    void aFullBundleOfTooFewRowsPerGroupTurnsTheCombinerIntoAPassThrough() throws Exception {
        // One group at most per bundle: the second customer fills it after one row, too few to gain.
        OneInputStreamOperatorTestHarness<Row, Object> combiner = combiner(1);
        feed(combiner, ORDERS);
        combiner.endInput();
        List<Object> combined = wire(combiner);
        assertThat(partials(combined)).as("only the first bundle, customer a's first row").isEqualTo(1);
        assertThat(combined).filteredOn(e -> ((StreamRecord<?>) e).getValue() instanceof Row)
                .as("every later row passes through").hasSize(ORDERS.size() - 1);
        assertThat(aggregate(combined)).containsExactlyInAnyOrderElementsOf(EXPECTED);
        combiner.close();
    }

    @Test
    void emitChangesIsNeverCombined() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GroupCombineOperator(
                q2(EmitMode.CHANGES, null), byCustomer(), 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EMIT FINAL");
    }
}
