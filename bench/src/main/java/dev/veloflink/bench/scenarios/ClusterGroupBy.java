package dev.veloflink.bench.scenarios;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Path;

/**
 * GROUP BY without a window, EMIT CHANGES, Kafka to Kafka on the local cluster at parallelism 2: the readings are
 * read by two source subtasks, shuffled by station between the two TaskManager processes, and every reading updates
 * its station's count and exact sum and writes the new totals, keyed by the station (as velo keys a grouped output
 * by its group key).
 */
public final class ClusterGroupBy extends ClusterKafkaScenario {

    @Override
    public String name() {
        return "cluster_group_by";
    }

    @Override
    String select() {
        return """
                SELECT station, COUNT(*) AS n, SUM(price) AS total
                FROM readings
                GROUP BY station
                EMIT CHANGES""";
    }

    /**
     * Every reading of a station goes to the same partition (six stations each), so each station's readings reach its
     * running totals in one order, the same on both sides and in every run: with round-robin partitions the two
     * source subtasks would interleave a station's readings differently each time, and so its intermediate totals.
     */
    @Override
    long produce(KafkaBenchBroker broker, Path lines) throws IOException {
        int at = "{\"id\":".length();
        return broker.produceLines(inputTopic(), lines, line -> {
            int start = line.indexOf("\"station\":\"", at) + "\"station\":\"".length();
            return Reading.STATIONS.indexOf(line.substring(start, line.indexOf('"', start))) % PARTITIONS;
        });
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        transform(baselineSource(env)).sinkTo(baselineSink(output, new StationKey())).name("kafka "
                + outputTopic(output));
    }

    @Override
    DataStream<String> transform(DataStream<String> values) {
        return values.map(new StationPrice()).returns(Types.TUPLE(Types.STRING, Types.BIG_DEC)).name("json decode")
                .keyBy(t -> t.f0, Types.STRING)
                .process(new RunningTotals()).returns(Types.STRING).name("running totals");
    }

    /** The station and the exact price of a JSON reading (Jackson's streaming parser, exact decimals). */
    static final class StationPrice extends RichMapFunction<String, Tuple2<String, BigDecimal>> {
        private transient ReadingJsonParser parser;

        @Override
        public void open(OpenContext context) {
            parser = new ReadingJsonParser();
        }

        @Override
        public Tuple2<String, BigDecimal> map(String value) throws Exception {
            Reading reading = parser.parse(value);
            return Tuple2.of(reading.station(), reading.price());
        }
    }

    /** The count and the exact sum of a station so far, updated and written as JSON for every reading. */
    static final class RunningTotals extends KeyedProcessFunction<String, Tuple2<String, BigDecimal>, String> {
        private transient ValueState<Long> count;
        private transient ValueState<BigDecimal> sum;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
            sum = getRuntimeContext().getState(new ValueStateDescriptor<>("sum", Types.BIG_DEC));
        }

        @Override
        public void processElement(Tuple2<String, BigDecimal> reading, Context ctx, Collector<String> out)
                throws Exception {
            Long n = count.value();
            long newCount = n == null ? 1 : n + 1;
            BigDecimal total = sum.value();
            BigDecimal newSum = total == null ? reading.f1 : total.add(reading.f1);
            count.update(newCount);
            sum.update(newSum);
            // Station names need no JSON escaping (see Reading).
            out.collect("{\"station\":\"" + reading.f0 + "\",\"n\":" + newCount + ",\"total\":"
                    + newSum.toPlainString() + '}');
        }
    }

    /** The message key: the station, as velo writes the group key of a grouped output. */
    static final class StationKey implements SerializationSchema<String> {
        private static final int START = "{\"station\":\"".length();

        @Override
        public byte[] serialize(String json) {
            return json.substring(START, json.indexOf('"', START)).getBytes(StandardCharsets.UTF_8);
        }
    }
}
