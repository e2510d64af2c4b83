package dev.veloflink.bench.scenarios;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Kafka JSON to Kafka JSON, every field: the connector's cost plus JSON decoding and encoding. The baseline decodes
 * and re-encodes with Jackson, as {@link PassthroughJsonl}'s does, so both sides do the same work per message.
 */
public final class KafkaPassthrough extends KafkaScenario {

    @Override
    public String name() {
        return "kafka_passthrough";
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
