package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.options.OptionReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Waits, at plan time, for a source's or sink's topic to exist (SPEC §5.5 {@code topic.wait.timeout}), checking with
 * an admin client at the delays of {@code topic.retry.strategy}. A topic that appears within the wait lets the job go
 * on; one that does not is E402 ({@code topic 'orders' not found on localhost:9092 after 10s}). Brokers that never
 * answer are told apart from a missing topic: E402 {@code no Kafka broker answered at 127.0.0.1:9999 within 5s},
 * after the same wait but at least {@link #CHECK_TIMEOUT} (one check). While it waits it says what it waits for,
 * once, then again at each retry (on standard error, through {@code progress}).
 */
public final class KafkaTopicWaiter {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopicWaiter.class);
    /** How long one check may take: a broker that does not answer within it counts as unreachable for that check. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    /**
     * What is waited for: the connector ({@code kafka_source} or {@code kafka_sink}), its name, the topic, the
     * brokers and client keys, and the wait keys.
     */
    public record Target(String connector, String name, String topic, String bootstrapServers,
                         Map<String, String> clientProperties, Duration waitTimeout, Duration retryInterval,
                         TopicRetryStrategy retryStrategy) {
    }

    private KafkaTopicWaiter() {
    }

    /** Returns once the source's topic exists. @throws TopicNotFoundException (E402) when the wait runs out */
    public static void awaitTopic(KafkaSourceOptions options) {
        awaitTopic(new Target(KafkaSourceOptions.CONNECTOR, options.name(), options.topic(),
                options.bootstrapServers(), options.clientProperties(), options.topicWaitTimeout(),
                options.topicRetryInterval(), options.topicRetryStrategy()), System.err::println);
    }

    /**
     * Returns once the topic exists.
     *
     * @param progress receives the one-line "waiting for" notes
     * @throws TopicNotFoundException (E402) when the wait runs out: the topic is missing, or no broker answered
     */
    public static void awaitTopic(Target target, Consumer<String> progress) {
        long deadline = System.nanoTime() + target.waitTimeout().toNanos();
        Properties props = KafkaClientProperties.toProperties(target.bootstrapServers(), target.clientProperties());
        props.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "velo-topic-wait-" + target.name());
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(CHECK_TIMEOUT.toMillis()));
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(CHECK_TIMEOUT.toMillis()));
        boolean answered = false;
        try (Admin admin = admin(props, target)) {
            for (int attempt = 1; ; attempt++) {
                Optional<Set<String>> names = topicNames(admin);
                answered |= names.isPresent();
                if (names.isPresent() && names.get().contains(target.topic())) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw answered ? notFound(target) : unreachable(target);
                }
                long sleep = Math.min(target.retryStrategy().delay(target.retryInterval(), attempt).toNanos(), left);
                progress.accept("velo: " + target.connector() + " '" + target.name() + "': "
                        + (names.isPresent() ? "waiting for topic '" + target.topic() + "' on "
                        : "waiting for a Kafka broker to answer at ") + target.bootstrapServers()
                        + " (checking again in " + OptionReader.durationText(Duration.ofMillis(
                        TimeUnit.NANOSECONDS.toMillis(sleep))) + ", up to "
                        + OptionReader.durationText(target.waitTimeout()) + ")");
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topic '" + target.topic() + "'", e);
        }
    }

    /** An admin client; bootstrap addresses that do not even resolve are the unreachable-broker E402 at once. */
    private static Admin admin(Properties props, Target target) {
        try {
            return Admin.create(props);
        } catch (KafkaException e) {
            throw new TopicNotFoundException(target.connector() + " '" + target.name() + "': no Kafka "
                    + "broker at " + target.bootstrapServers() + ": " + e.getMessage(), target.topic());
        }
    }

    /** The topic names, or empty when no broker answered within {@link #CHECK_TIMEOUT}. */
    private static Optional<Set<String>> topicNames(Admin admin) throws InterruptedException {
        try {
            return Optional.of(admin.listTopics(new ListTopicsOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis()))
                    .names().get(CHECK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("listing topics failed", e);
            return Optional.empty();
        }
    }

    private static TopicNotFoundException notFound(Target target) {
        return new TopicNotFoundException(target.connector() + " '" + target.name() + "': topic '"
                + target.topic() + "' not found on " + target.bootstrapServers() + " after "
                + OptionReader.durationText(target.waitTimeout()), target.topic());
    }

    /** The wait was {@code topic.wait.timeout}, but at least one check of {@link #CHECK_TIMEOUT}. */
    private static TopicNotFoundException unreachable(Target target) {
        Duration waited = target.waitTimeout().compareTo(CHECK_TIMEOUT) > 0 ? target.waitTimeout() : CHECK_TIMEOUT;
        return new TopicNotFoundException(target.connector() + " '" + target.name() + "': no Kafka broker "
                + "answered at " + target.bootstrapServers() + " within " + OptionReader.durationText(waited)
                + " (is the address right and the broker up?)", target.topic());
    }
}
