package dev.veloflink.bench.scenarios;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.veloflink.bench.FlinkSql;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.connector.base.source.reader.SourceReaderBase;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.nio.file.Path;
import java.util.List;

/**
 * A Kafka to Kafka scenario on the bench's local cluster (two TaskManager processes, parallelism 2): the input topic
 * has two partitions, one per source subtask. The hand-written job ships what its fat jar would hold besides its own
 * classes: flink-connector-kafka with flink-connector-base, kafka-clients, and Jackson.
 */
abstract class ClusterKafkaScenario extends KafkaScenario {

    @Override
    public boolean onCluster() {
        return true;
    }

    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        return new FlinkSql.NotExpressed("runs on the bench's standalone cluster, which is given velo's jar and the "
                + "baselines' libraries, not Flink's table planner; the Flink SQL side runs on MiniClusters "
                + "(kafka_passthrough is its Kafka comparison)");
    }

    @Override
    public List<Class<?>> baselineLibraries() {
        return List.of(KafkaSource.class, SourceReaderBase.class, KafkaProducer.class, ObjectMapper.class,
                JsonFactory.class, JsonAutoDetect.class);
    }
}
