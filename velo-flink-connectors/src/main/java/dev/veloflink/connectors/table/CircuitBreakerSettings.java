package dev.veloflink.connectors.table;

import dev.veloflink.connectors.options.ConnectorOptions;
import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.options.OptionReader;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How a table source guards its connection ({@link CircuitBreaker}), from the source's WITH keys:
 * {@code X.circuit.failure.threshold} (consecutive failures that open the circuit, default 5),
 * {@code X.circuit.open.duration} (how long it stays open before one trial call, default 30s),
 * {@code X.retry.backoff} (the wait after the first failure, doubling up to the open duration, default 1s) and
 * {@code X.retry.max.attempts} (consecutive failures after which the job fails and Flink's restart strategy takes
 * over; 0, the default, retries for as long as the table is wanted: a table that never becomes ready fails with
 * E501 {@code table.ready.timeout} anyway).
 */
public record CircuitBreakerSettings(int failureThreshold, Duration openDuration, Duration retryBackoff,
                                     int maxAttempts) implements Serializable {

    public static final ConfigOption<Integer> FAILURE_THRESHOLD = ConfigOptions.key("circuit.failure.threshold")
            .intType().defaultValue(5).withDescription("Consecutive connection failures that open the circuit.");
    public static final ConfigOption<Duration> OPEN_DURATION = ConfigOptions.key("circuit.open.duration")
            .durationType().defaultValue(Duration.ofSeconds(30))
            .withDescription("How long an open circuit refuses calls before one trial (half-open).");
    public static final ConfigOption<Duration> RETRY_BACKOFF = ConfigOptions.key("retry.backoff").durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("The wait after a failure, doubling per consecutive failure up to the open duration.");
    public static final ConfigOption<Integer> MAX_ATTEMPTS = ConfigOptions.key("retry.max.attempts").intType()
            .defaultValue(0).withDescription("Consecutive failures before the job fails (0: no limit).");

    public static final CircuitBreakerSettings DEFAULTS = new CircuitBreakerSettings(5, Duration.ofSeconds(30),
            Duration.ofSeconds(1), 0);

    public CircuitBreakerSettings {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("circuit.failure.threshold must be at least 1");
        }
        if (openDuration.isNegative() || retryBackoff.isNegative() || maxAttempts < 0) {
            throw new IllegalArgumentException("circuit durations and retry.max.attempts must not be negative");
        }
    }

    public static Set<String> knownKeys() {
        return ConnectorOptions.keys(declared());
    }

    /** The circuit breaker's keys, declared once (a JDBC table's W101 and docs). */
    public static java.util.List<ConnectorOption> declared() {
        return java.util.List.of(ConnectorOption.of(FAILURE_THRESHOLD, "INT"), ConnectorOption.of(OPEN_DURATION, "DURATION"),
                ConnectorOption.of(RETRY_BACKOFF, "DURATION"), ConnectorOption.of(MAX_ATTEMPTS, "INT"));
    }

    /** @throws dev.veloflink.connectors.options.InvalidOptionException (E401) for an invalid value */
    public static CircuitBreakerSettings fromProperties(String connector, Map<String, String> keys) {
        OptionReader reader = new OptionReader(connector, keys);
        int threshold = count(reader, FAILURE_THRESHOLD, 1);
        Duration open = reader.duration(OPEN_DURATION);
        Duration backoff = reader.duration(RETRY_BACKOFF);
        if (open.isNegative()) {
            throw reader.invalid(OPEN_DURATION, reader.raw(OPEN_DURATION).orElse(""), "a duration >= 0");
        }
        if (backoff.isNegative()) {
            throw reader.invalid(RETRY_BACKOFF, reader.raw(RETRY_BACKOFF).orElse(""), "a duration >= 0");
        }
        return new CircuitBreakerSettings(threshold, open, backoff, count(reader, MAX_ATTEMPTS, 0));
    }

    private static int count(OptionReader reader, ConfigOption<Integer> option, int min) {
        String text = reader.raw(option).map(String::strip).orElse(null);
        if (text == null) {
            return option.defaultValue();
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw reader.invalid(option, text, "a whole number >= " + min);
    }

    /** The wait after {@code failures} consecutive failures: the backoff doubled per failure, capped. */
    public long backoffMillis(int failures) {
        long wait = retryBackoff.toMillis();
        for (int i = 1; i < failures && wait < openDuration.toMillis(); i++) {
            wait *= 2;
        }
        return Math.min(wait, Math.max(retryBackoff.toMillis(), openDuration.toMillis()));
    }
}
