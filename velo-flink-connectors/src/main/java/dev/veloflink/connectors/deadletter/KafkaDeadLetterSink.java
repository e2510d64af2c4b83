package dev.veloflink.connectors.deadletter;

import dev.veloflink.dialect.diag.CodedException;
import dev.veloflink.connectors.kafka.KafkaSinkProvider;
import dev.veloflink.functions.types.FlinkTypes;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.types.Row;

/**
 * Dead letters as messages of a topic ({@code dead_letter.type = 'kafka_sink'}): a {@code kafka_sink} of one
 * {@code raw} STRING column, so every kafka_sink key (bootstrap.servers, delivery.guarantee, kafka.*) applies. The
 * message value is the JSON object; the message has no key. A letter over the sink's {@code max.request.size} is cut
 * ({@link DeadLetters#fitted}).
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
        // A letter too large for the dead-letter topic keeps its start (issue 19 item 5); the producer's limit counts
        // the message key (none) and the batch overhead too.
        DataStream<Row> rows = letters.map(new AsRow(provider.maxRequestSize() - LETTER_OVERHEAD),
                        FlinkTypes.rowType(DeadLetterSinkFactory.KAFKA_SCHEMA))
                .name(operatorName + " (as rows)");
        provider.attach(rows, operatorName);
    }

    /** Room for the record batch's overhead (100 bytes, as the kafka_sink checks) and a little more. */
    static final int LETTER_OVERHEAD = 200;

    private static final class AsRow implements MapFunction<String, Row> {
        private static final long serialVersionUID = 1L;
        private final int maxBytes;

        AsRow(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public Row map(String letter) {
            try {
                return Row.of(DeadLetters.fitted(letter, maxBytes));
            } catch (IllegalArgumentException tooSmall) {
                // Only a tiny dead_letter.kafka.max.request.size gets here; a restart would not change it.
                throw new SuppressRestartsException(new CodedException("E503", tooSmall.getMessage()
                        + ": raise 'dead_letter.kafka.max.request.size'"));
            }
        }
    }
}
