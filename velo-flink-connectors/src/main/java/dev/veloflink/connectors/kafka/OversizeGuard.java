package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.decode.BadRecordFailure;
import dev.veloflink.connectors.decode.ErrorStrategy;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Checks a kafka_sink's records against the producer's {@code max.request.size} before they are sent (issue 19 item
 * 5). Left to the producer, an oversized record fails the send, the job restarts, re-sends what came before it and
 * fails again, and the message names neither sink nor topic. Here it is a bad record of the statement's
 * {@code error.strategy}: {@code fail} ends the job without restart with one line (E503) naming the statement, the
 * sink, the topic, the size and the key to raise; {@code skip} and {@code dead_letter} drop it with a WARN line
 * giving the same facts and the record's key (the dead-letter sink does not receive it yet).
 */
final class OversizeGuard implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OversizeGuard.class);
    /** The producer's default {@code max.request.size}. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /**
     * What a record batch adds to one record's key, value and headers, at most (a v2 batch header is 61 bytes, the
     * record's own varints and attributes about 20): the producer checks this upper bound, so we do too.
     */
    static final int RECORD_OVERHEAD = 100;

    private final String statement;
    private final String sink;
    private final String topic;
    private final int maxRequestSize;
    private final ErrorStrategy strategy;

    OversizeGuard(String statement, String sink, String topic, int maxRequestSize, ErrorStrategy strategy) {
        this.statement = statement;
        this.sink = sink;
        this.topic = topic;
        this.maxRequestSize = maxRequestSize;
        this.strategy = strategy;
    }

    static OversizeGuard of(KafkaSinkOptions options) {
        String configured = options.clientProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int max = DEFAULT_MAX_REQUEST_SIZE;
        if (configured != null) {
            try {
                max = Integer.parseInt(configured.trim());
            } catch (NumberFormatException e) {
                throw new dev.veloflink.connectors.options.InvalidOptionException(KafkaSinkOptions.CONNECTOR,
                        "kafka." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG, configured, "a number of bytes");
            }
        }
        return new OversizeGuard(options.statement(), options.name(), options.topic(), max, options.errorStrategy());
    }

    /**
     * Whether the record can be sent; false when it is over the limit and skipped.
     *
     * @throws org.apache.flink.runtime.execution.SuppressRestartsException (E503) over the limit under {@code fail}
     */
    boolean fits(byte[] key, byte[] value, Iterable<Header> headers) {
        long size = RECORD_OVERHEAD + length(key) + length(value);
        if (headers != null) {
            for (Header header : headers) {
                size += header.key().getBytes(StandardCharsets.UTF_8).length + length(header.value());
            }
        }
        if (size <= maxRequestSize) {
            return true;
        }
        String keyText = key == null ? "none" : "'" + abbreviated(new String(key, StandardCharsets.UTF_8)) + "'";
        String message = "a record of " + size + " bytes (key " + keyText + ") is over the producer's "
                + "max.request.size of " + maxRequestSize + "; raise '" + sink + ".kafka.max.request.size' (and the "
                + "topic's max.message.bytes)";
        if (strategy == ErrorStrategy.FAIL) {
            throw new SuppressRestartsException(new BadRecordFailure("E503 record too large in statement '"
                    + statement + "', kafka_sink '" + sink + "' (topic '" + topic + "'): " + message, "too_large",
                    topic));
        }
        LOG.warn("statement '{}': skipped a record for kafka_sink '{}' (topic '{}'): too_large: {}", statement, sink,
                topic, message);
        return false;
    }

    private static long length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
