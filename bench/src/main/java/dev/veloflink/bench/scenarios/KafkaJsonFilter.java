package dev.veloflink.bench.scenarios;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;


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
    String outputColumns() {
        return "id BIGINT, station STRING, temp DECIMAL(5,1), price DECIMAL(8,2)";
    }

    @Override
    DataStream<String> transform(DataStream<String> values) {
        return values.flatMap(new FilterProjectJson()).returns(Types.STRING).name("json filter");
    }

    static final class FilterProjectJson extends RichFlatMapFunction<String, String> {
        private transient ReadingJsonParser parser;

        @Override
        public void open(OpenContext context) {
            parser = new ReadingJsonParser();
        }

        @Override
        public void flatMap(String value, Collector<String> out) throws Exception {
            Reading reading = parser.parse(value);
            if (reading.qty() <= 10 || reading.station().equals("Perth")) {
                return;
            }
            // Station names need no JSON escaping (see Reading).
            out.collect(new StringBuilder(72).append("{\"id\":").append(reading.id())
                    .append(",\"station\":\"").append(reading.station())
                    .append("\",\"temp\":").append(reading.temp().toPlainString())
                    .append(",\"price\":").append(reading.price().toPlainString())
                    .append('}').toString());
        }
    }
}
