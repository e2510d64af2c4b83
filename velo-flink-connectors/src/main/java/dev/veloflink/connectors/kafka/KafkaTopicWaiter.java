package dev.veloflink.connectors.kafka;

import dev.veloflink.connectors.options.OptionReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits, at plan time, for a source's topic to exist (SPEC §5.5 {@code topic.wait.timeout}), checking with an admin
 * client at the delays of {@code topic.retry.strategy}. A topic that appears within the wait lets the job go on; one
 * that does not is E402.
 */
public final class KafkaTopicWaiter {
    /** How long one check may take: a broker that does not answer counts as a topic not found yet. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private KafkaTopicWaiter() {
    }

    /** Returns once the topic exists. @throws TopicNotFoundException (E402) when the wait runs out */
    public static void awaitTopic(KafkaSourceOptions options) {
        long deadline = System.nanoTime() + options.topicWaitTimeout().toNanos();
        Properties props = KafkaClientProperties.toProperties(options.bootstrapServers(), options.clientProperties());
        props.setProperty(AdminClientConfig.CLIENT_ID_CONFIG, "velo-topic-wait-" + options.name());
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(CHECK_TIMEOUT.toMillis()));
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(CHECK_TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(props)) {
            for (int attempt = 1; ; attempt++) {
                if (exists(admin, options.topic())) {
                    return;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw notFound(options);
                }
                long sleep = Math.min(options.topicRetryStrategy().delay(options.topicRetryInterval(), attempt)
                        .toNanos(), left);
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topic '" + options.topic() + "'", e);
        }
    }

    private static boolean exists(Admin admin, String topic) throws InterruptedException {
        try {
            Set<String> names = admin.listTopics(new ListTopicsOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis()))
                    .names().get(CHECK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return names.contains(topic);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static TopicNotFoundException notFound(KafkaSourceOptions options) {
        return new TopicNotFoundException("E402 " + KafkaSourceOptions.CONNECTOR + " '" + options.name() + "': topic '"
                + options.topic() + "' not found on " + options.bootstrapServers() + " after "
                + OptionReader.durationText(options.topicWaitTimeout()), options.topic());
    }
}
