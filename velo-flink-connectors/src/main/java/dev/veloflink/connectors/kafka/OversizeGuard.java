package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.decode.BadRecordFailure;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.options.InvalidOptionException;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The facts of a kafka_sink's size limit, known at plan time (issue 19 item 5): the producer's
 * {@code max.request.size}, and what a record over it is under the statement's {@code error.strategy}. Left to the
 * producer, an oversized record failed the send, the job restarted, re-sent what came before it and failed again,
 * naming neither sink nor topic; {@link KafkaRecordEncoder} checks every record with this before Flink's KafkaSink
 * sees it.
 */
record OversizeGuard(String statement, String sink, String topic, int maxRequestSize, ErrorStrategy strategy)
        implements Serializable {
    /** The producer's default {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /**
     * What a record batch adds to one record's key, value and headers, at most (a v2 batch header is 61 bytes, the
     * record's own varints and attributes about 20): the producer checks this upper bound, so we do too.
     */
    static final int RECORD_OVERHEAD = 100;

    static OversizeGuard of(KafkaSinkOptions options) {
        return new OversizeGuard(options.statement(), options.name(), options.topic(),
                maxRequestSize(options.clientProperties()), options.errorStrategy());
    }

    /** The producer's {@code max.request.size} from the sink's {@code kafka.*} keys. @throws InvalidOptionException E401 */
    static int maxRequestSize(Map<String, String> clientProperties) {
        String configured = clientProperties.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (configured == null) {
            return DEFAULT_MAX_REQUEST_SIZE;
        }
        try {
            return Integer.parseInt(configured.trim());
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(KafkaSinkOptions.CONNECTOR,
                    "kafka." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG, configured, "a number of bytes");
        }
    }

    /** The size the producer checks: key, value and headers, plus {@link #RECORD_OVERHEAD}. */
    static long sizeOf(ProducerRecord<byte[], byte[]> record) {
        long size = RECORD_OVERHEAD + length(record.key()) + length(record.value());
        for (Header header : record.headers()) {
            size += header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
        }
        return size;
    }

    boolean fits(long size) {
        return size <= maxRequestSize;
    }

    /** What is wrong and what to do, for the log, the dead letter and E503. */
    String problem(long size, byte[] key) {
        return "a record of " + size + " bytes (key " + keyText(key) + ") is over the producer's max.request.size of "
                + maxRequestSize + "; raise '" + sink + ".kafka.max.request.size' (and the topic's max.message.bytes)";
    }

    /** E503 under {@code fail}: the job ends without restart, with one line. */
    SuppressRestartsException failure(long size, byte[] key) {
        return new SuppressRestartsException(new BadRecordFailure("record too large in statement '" + statement
                + "', kafka_sink '" + sink + "' (topic '" + topic + "'): " + problem(size, key), "too_large", topic));
    }

    /**
     * Where the record was going, as a dead letter's and the WARN line's position: an output row has no input offset,
     * so the topic and the message key ({@code out key 42}).
     */
    String position(byte[] key) {
        return topic + (key == null ? "" : " key " + keyText(key));
    }

    private static String keyText(byte[] key) {
        if (key == null) {
            return "none";
        }
        String text = new String(key, StandardCharsets.UTF_8);
        return "'" + (text.length() <= 60 ? text : text.substring(0, 60) + "...") + "'";
    }

    private static long length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
