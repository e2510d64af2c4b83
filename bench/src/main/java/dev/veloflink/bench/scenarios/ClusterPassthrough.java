package dev.veloflink.bench.scenarios;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * {@link KafkaPassthrough} on the local cluster at parallelism 2: JSON readings from Kafka to Kafka, every field,
 * in two TaskManager processes. The baseline decodes and re-encodes with Jackson, as the embedded one does.
 */
public final class ClusterPassthrough extends ClusterKafkaScenario {

    @Override
    public String name() {
        return "cluster_passthrough";
    }

    @Override
    String select() {
        return "SELECT * FROM readings";
    }

    @Override
    DataStream<String> transform(DataStream<String> values) {
        return values.map(new PassthroughJsonl.JsonReadingCodec()).returns(Types.STRING).name("json codec");
    }
}
