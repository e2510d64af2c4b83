package dev.veloflink.connectors.kafka;

import dev.veloflink.dialect.diag.CodedException;

/**
 * E402: a Kafka source's topic did not exist within its {@code topic.wait.timeout}, or no broker answered. The
 * message is one line: {@code E402 kafka_source 'orders': topic 'orders' not found on localhost:9092 after 10s}.
 */
public class TopicNotFoundException extends CodedException {
    private final String topic;

    /** @param detail the message without its code */
    public TopicNotFoundException(String detail, String topic) {
        super("E402", detail, null);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
