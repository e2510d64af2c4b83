package dev.veloflink.bench.scenarios;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * {@link KafkaPassthrough} on the local cluster at parallelism 2: JSON readings from Kafka to Kafka, every field,
 * in two TaskManager processes; the same application and the same baseline work (Jackson decode and re-encode).
 */
public final class ClusterPassthrough extends ClusterKafkaScenario {
    private final KafkaPassthrough embedded = new KafkaPassthrough();

    @Override
    public String name() {
        return "cluster_passthrough";
    }

    @Override
    String select() {
        return embedded.select();
    }

    @Override
    DataStream<String> transform(DataStream<String> values) {
        return embedded.transform(values);
    }
}
