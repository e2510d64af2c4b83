package dev.veloflink.bench.scenarios;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

import java.math.RoundingMode;

/**
 * Kafka JSON to Kafka JSON through a filter and a projection (about 40% of the messages pass). The baseline parses
 * with Jackson, tests the same condition and writes the same JSON.
 */
public final class KafkaJsonFilter extends KafkaScenario {

    @Override
    public String name() {
        return "kafka_json_filter";
    }

    @Override
    String select() {
        return """
                SELECT id, station, temp, price
                FROM readings
                WHERE qty > 10 AND station <> 'Perth'""";
    }

    @Override
    DataStream<String> transform(DataStream<String> values) {
        return values.flatMap(new FilterProjectJson()).returns(Types.STRING).name("json filter");
    }

    static final class FilterProjectJson extends RichFlatMapFunction<String, String> {
        private transient ObjectMapper mapper;

        @Override
        public void open(OpenContext context) {
            mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        }

        @Override
        public void flatMap(String value, Collector<String> out) throws Exception {
            JsonNode node = mapper.readTree(value);
            String station = node.get("station").textValue();
            if (node.get("qty").intValue() <= 10 || station.equals("Perth")) {
                return;
            }
            // Station names need no JSON escaping (see Reading).
            out.collect(new StringBuilder(72).append("{\"id\":").append(node.get("id").longValue())
                    .append(",\"station\":\"").append(station)
                    .append("\",\"temp\":").append(node.get("temp").decimalValue().setScale(1, RoundingMode.HALF_UP)
                            .toPlainString())
                    .append(",\"price\":").append(node.get("price").decimalValue()
                            .setScale(2, RoundingMode.HALF_UP).toPlainString())
                    .append('}').toString());
        }
    }
}
