package dev.veloflink.connectors.deadletter;

import dev.veloflink.connectors.kafka.KafkaSinkProvider;
import dev.veloflink.functions.types.FlinkTypes;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

/**
 * Dead letters as messages of a topic ({@code dead_letter.type = 'kafka_sink'}): a {@code kafka_sink} of one
 * {@code raw} STRING column, so every kafka_sink key (bootstrap.servers, delivery.guarantee, kafka.*) applies. The
 * message value is the JSON object; the message has no key.
 */
public record KafkaDeadLetterSink(KafkaSinkProvider provider) implements DeadLetterSink {

    @Override
    public String describe() {
        return "dead letters -> " + provider.describe();
    }

    @Override
    public String target() {
        return "kafka:" + provider.options().bootstrapServers() + "/" + provider.options().topic();
    }

    @Override
    public void attach(DataStream<String> letters, String operatorName) {
        DataStream<Row> rows = letters.map(new AsRow(), FlinkTypes.rowType(DeadLetterSinkFactory.KAFKA_SCHEMA))
                .name(operatorName + " (as rows)");
        provider.attach(rows, operatorName);
    }

    private static final class AsRow implements MapFunction<String, Row> {
        private static final long serialVersionUID = 1L;

        @Override
        public Row map(String letter) {
            return Row.of(letter);
        }
    }
}
