package dev.veloflink.e2e.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What a {@code read_committed} consumer has seen of an output topic whose messages are the ids 0..n-1 as text: which
 * ids (each should come exactly once), how many messages in all, and how many were not an id in range. Read from the
 * beginning of every partition; the caller polls it from one thread.
 */
public final class CommittedIds implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final List<TopicPartition> partitions;
    private final int expected;
    private final BitSet seen;
    private long messages;
    private long malformed;

    public CommittedIds(KafkaConsumer<String, String> readCommitted, String topic, int partitions, int expected) {
        this.consumer = readCommitted;
        this.partitions = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        this.expected = expected;
        this.seen = new BitSet(expected);
        consumer.assign(this.partitions);
        consumer.seekToBeginning(this.partitions);
    }

    /** Reads what the broker has for up to {@code timeout}. */
    public void poll(Duration timeout) {
        for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
            messages++;
            int id = parse(record.value());
            if (id < 0) {
                malformed++;
            } else {
                seen.set(id);
            }
        }
    }

    /**
     * Reads up to the end of what is committed now (a read_committed consumer's end offsets are the last stable
     * offsets); false if {@code timeout} passed first.
     */
    public boolean readToCommittedEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            poll(Duration.ofMillis(200));
        }
        return true;
    }

    /** Distinct ids seen: the committed progress of a job that writes every input id once. */
    public int distinct() {
        return seen.cardinality();
    }

    public long lost() {
        return expected - (long) seen.cardinality();
    }

    /** Messages beyond the first of their id. */
    public long duplicated() {
        return messages - malformed - seen.cardinality();
    }

    public long malformed() {
        return malformed;
    }

    public long messages() {
        return messages;
    }

    private int parse(String value) {
        try {
            long id = value == null ? -1 : Long.parseLong(value.strip());
            return id >= 0 && id < expected ? (int) id : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
