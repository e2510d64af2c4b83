package dev.veloflink.connectors.table.kafka;

import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.decode.Utf8;
import dev.veloflink.connectors.table.BulkProgress;
import dev.veloflink.connectors.table.TableEnvelope;
import dev.veloflink.connectors.table.TablePhase;
import dev.veloflink.connectors.table.TableSplit;
import dev.veloflink.connectors.table.TableSplitReader;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one partition of a {@link KafkaTableSource}. Its position is the next offset to read; the bulk phase ends
 * when that reaches the captured end offset (the consumer's own position is used when a poll returns nothing, so
 * gaps such as transaction markers or compacted-away offsets do not stall it). Messages without a value (tombstones)
 * travel as rows with a null value: the decoder turns them into deletions of their key (SPEC §5.2, §13.1), and they
 * count as rows read in the table's progress.
 */
final class KafkaTableSplitReader implements TableSplitReader {
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicPartition partition;
    private final TableSplit initial;
    private final long bulkEnd;
    private TablePhase phase;
    private long next;
    private long rowsRead;
    private long bytesRead;
    private Iterator<ConsumerRecord<byte[], byte[]>> buffered = Collections.emptyIterator();

    KafkaTableSplitReader(KafkaConsumer<byte[], byte[]> consumer, String topic, TableSplit split) {
        this.consumer = consumer;
        this.partition = new TopicPartition(topic, Integer.parseInt(split.splitId()));
        this.initial = split;
        this.bulkEnd = split.bulkEnd().isEmpty() ? 0 : Long.parseLong(split.bulkEnd());
        this.phase = split.phase();
        this.rowsRead = split.rowsRead();
        consumer.assign(List.of(partition));
        if (split.position().isEmpty()) {
            consumer.seekToBeginning(List.of(partition));
            next = consumer.position(partition);
        } else {
            next = Long.parseLong(split.position());
            consumer.seek(partition, next);
        }
    }

    @Override
    public Status read(Consumer<Row> out, int maxRows) {
        int emitted = 0;
        while (emitted < maxRows) {
            if (phase == TablePhase.BULK && next >= bulkEnd) {
                phase = TablePhase.INCREMENTAL;
                return Status.BULK_END;
            }
            if (!buffered.hasNext()) {
                // Bulk: the rows up to the end offset exist, so wait for them. Incremental: do not wait; the source
                // reader polls an idle split again after its polling interval, and meanwhile reads its other splits
                // (the next partition's bulk phase, which the table's readiness waits for).
                Duration wait = emitted == 0 && phase == TablePhase.BULK ? POLL : Duration.ZERO;
                List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(wait).records(partition);
                if (records.isEmpty()) {
                    next = Math.max(next, consumer.position(partition));
                    if (phase == TablePhase.BULK && next >= bulkEnd) {
                        continue;
                    }
                    // Bulk: the rows up to the end offset exist, keep polling; incremental: nothing new yet.
                    return emitted > 0 || phase == TablePhase.BULK ? Status.MORE : Status.NOTHING_NEW;
                }
                buffered = records.iterator();
            }
            ConsumerRecord<byte[], byte[]> record = buffered.next();
            next = record.offset() + 1;
            bytesRead += Math.max(0, record.serializedValueSize()) + Math.max(0, record.serializedKeySize());
            rowsRead++;
            emitted++;
            out.accept(checkedEnvelope(record));
        }
        return Status.MORE;
    }

    /**
     * The record's envelope; a value that is not UTF-8 is a decode_error at {@code <topic>/<partition>@<offset>}
     * under the statement's error.strategy (the gate applies it), not a row with U+FFFD in it.
     */
    private Row checkedEnvelope(ConsumerRecord<byte[], byte[]> record) {
        Row row = envelope(record);
        String text = (String) row.getField(0);
        String malformed = text == null ? null : Utf8.malformation(record.value(), text);
        return malformed == null ? row : TableEnvelope.bad(1, record.topic() + "/" + record.partition() + "@"
                + record.offset(), "decode_error", malformed, text);
    }

    /**
     * A good row's envelope. Its {@code _velo_position} stays null: the gate reads a position only for bad records and
     * bulk ends, and a Kafka table's bad records are found by the decoder after the gate, which builds the position
     * text from {@code _topic}, {@code _partition} and {@code _offset} when it needs it; building it here for every
     * row only made garbage.
     */
    private Row envelope(ConsumerRecord<byte[], byte[]> record) {
        Row row = TableEnvelope.row(1, phase, record.offset(), record.timestamp(), null);
        row.setField(0, record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        row.setField(1 + SystemColumns.PARTITION_OFFSET, record.partition());
        row.setField(1 + SystemColumns.TOPIC_OFFSET, record.topic());
        row.setField(1 + SystemColumns.KEY_OFFSET, record.key() == null ? null
                : new String(record.key(), StandardCharsets.UTF_8));
        return row;
    }

    @Override
    public TableSplit position() {
        return initial.at(phase, Long.toString(next), rowsRead);
    }

    @Override
    public BulkProgress bulkProgress() {
        return new BulkProgress(partition.topic() + "/" + partition.partition(), next, bulkEnd);
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
