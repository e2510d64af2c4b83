package dev.veloflink.connectors.table.kafka;

import dev.veloflink.connectors.table.TablePhase;
import dev.veloflink.connectors.table.TableSource;
import dev.veloflink.connectors.table.TableSplit;
import dev.veloflink.connectors.table.TableSplitReader;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A Kafka topic as a {@link TableSource} (SPEC §13.1): one split per partition. Bulk reads each partition from its
 * earliest offset up to the end offset captured when the load starts; incremental continues from there. A split's
 * position is the next offset to read, so a restore seeks exactly there.
 *
 * <p>The rows are the raw message values (one STRING column {@code value}, with the usual system columns: timestamp,
 * offset, partition, topic and key); {@link KafkaTableProvider} decodes them with the source's format afterwards, so
 * a Kafka table decodes exactly as the Kafka stream does.
 */
public final class KafkaTableSource implements TableSource {
    private static final long serialVersionUID = 1L;
    /** The raw layout: the message value as text. */
    public static final Schema RAW = new Schema(List.of(new Column("value", Types.STRING)));
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final String topic;
    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private final Duration pollingInterval;

    /**
     * @param clientProperties the {@code kafka.*} keys without their prefix; they win over what velo sets
     * @param pollingInterval  how long an incremental partition that found nothing new waits before polling again
     */
    public KafkaTableSource(String name, String topic, String bootstrapServers, Map<String, String> clientProperties,
            Duration pollingInterval) {
        this.name = name;
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = Map.copyOf(clientProperties);
        this.pollingInterval = pollingInterval;
    }

    public String topic() {
        return topic;
    }

    @Override
    public String tableName() {
        return name;
    }

    @Override
    public Schema schema() {
        return RAW;
    }

    @Override
    public boolean supportsIncremental() {
        return true;
    }

    @Override
    public Duration pollingInterval() {
        return pollingInterval;
    }

    /** One split per partition, each ending its bulk phase at the partition's end offset now. */
    @Override
    public List<TableSplit> captureSplits() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("kafka table '" + name + "': topic '" + topic + "' has no partitions");
            }
            List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, METADATA_TIMEOUT);
            List<TableSplit> splits = new ArrayList<>(all.size());
            for (TopicPartition partition : all) {
                splits.add(TableSplit.start(splitId(partition.partition()), Long.toString(ends.get(partition)),
                        all.size()));
            }
            return splits;
        }
    }

    /**
     * A partition restored in its incremental phase goes back to a bulk phase that ends at the partition's end offset
     * now: the join holds its stream back until the table has read everything written up to the restart.
     */
    @Override
    public TableSplit resumed(TableSplit split) {
        if (split.phase() != TablePhase.INCREMENTAL || split.position().isEmpty()) {
            return split;
        }
        TopicPartition partition = new TopicPartition(topic, Integer.parseInt(split.splitId()));
        long position = Long.parseLong(split.position());
        long end;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            end = consumer.endOffsets(List.of(partition), METADATA_TIMEOUT).get(partition);
        }
        return new TableSplit(split.splitId(), TablePhase.BULK, split.position(),
                Long.toString(Math.max(end, position)), split.rowsRead(), split.splits());
    }

    static String splitId(int partition) {
        return Integer.toString(partition);
    }

    @Override
    public TableSplitReader open(TableSplit split) {
        return new KafkaTableSplitReader(consumer(), topic, split);
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "velo-table-" + name);
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The split reader polls in the source's own thread, so the load waits for every fetch round trip: fewer,
        // larger fetches and polls (defaults 1 MB per partition and 500 records) keep it reading.
        props.setProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        props.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.putAll(clientProperties);
        // Positions live in Flink's checkpoints, not in a consumer group; the deserializers are ours.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // The client loads its classes through the context class loader, which on a cluster is the user code's.
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(KafkaTableSource.class.getClassLoader());
        try {
            return new KafkaConsumer<>(props);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
