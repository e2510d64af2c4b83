package dev.veloflink.connectors.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How the delay between checks for a missing topic grows (SPEC §5.5 {@code topic.retry.strategy}). */
public enum TopicRetryStrategy {
    /** Always the interval. */
    FIXED,
    /** The interval, doubling after each attempt, capped at {@link #EXPONENTIAL_CAP}. */
    EXPONENTIAL,
    /** The interval times the attempt number. */
    LINEAR;

    public static final List<String> SPELLINGS = List.of("fixed", "exponential", "linear");
    public static final Duration EXPONENTIAL_CAP = Duration.ofMinutes(5);

    public static Optional<TopicRetryStrategy> parse(String text) {
        return Optional.ofNullable(switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "fixed" -> FIXED;
            case "exponential" -> EXPONENTIAL;
            case "linear" -> LINEAR;
            default -> null;
        });
    }

    /** The delay before retry number {@code attempt} (1 for the first retry). */
    public Duration delay(Duration interval, int attempt) {
        long ms = interval.toMillis();
        return switch (this) {
            case FIXED -> interval;
            case LINEAR -> Duration.ofMillis(saturatedMultiply(ms, attempt));
            case EXPONENTIAL -> {
                long factor = attempt >= 62 ? Long.MAX_VALUE : 1L << (attempt - 1);
                yield Duration.ofMillis(Math.min(saturatedMultiply(ms, factor), EXPONENTIAL_CAP.toMillis()));
            }
        };
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }
}
