package dev.veloflink.connectors.kafka;

import dev.veloflink.dialect.diag.CodedError;

/**
 * E402: a Kafka source's topic did not exist within its {@code topic.wait.timeout}, or no broker answered. The
 * message is one line: {@code E402 kafka_source 'orders': topic 'orders' not found on localhost:9092 after 10s}.
 */
public class TopicNotFoundException extends RuntimeException implements CodedError {
    private final String topic;
    private final String detail;

    /** @param detail the message without its code */
    public TopicNotFoundException(String detail, String topic) {
        super(CodedError.message("E402", detail));
        this.topic = topic;
        this.detail = detail;
    }

    @Override
    public String code() {
        return "E402";
    }

    @Override
    public String detail() {
        return detail;
    }

    public String topic() {
        return topic;
    }
}
