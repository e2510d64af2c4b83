package dev.veloflink.connectors.kafka;

/**
 * E402: a Kafka source's topic did not exist within its {@code topic.wait.timeout}. The message is one line:
 * {@code E402 kafka_source 'orders': topic 'orders' not found on localhost:9092 after 10s}.
 */
public class TopicNotFoundException extends RuntimeException {
    private final String topic;

    public TopicNotFoundException(String message, String topic) {
        super(message);
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }
}
