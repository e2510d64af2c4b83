package dev.veloflink.connectors.options;

import dev.veloflink.dialect.diag.EditDistance;

import org.apache.flink.configuration.ConfigOption;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the values of one connector's keys from its property map (keys case-insensitive, SPEC §5.1), converting them
 * and rejecting invalid values with an {@link InvalidOptionException} that lists the valid values.
 */
public final class OptionReader {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h|d|w)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LONG_DURATION = Pattern.compile(
            "(?:INTERVAL\\s+)?'?(\\d+)'?\\s+(MILLISECOND|SECOND|MINUTE|HOUR|DAY|WEEK)S?", Pattern.CASE_INSENSITIVE);

    private final String connector;
    private final Map<String, String> values;
    /** The invalid values found while {@link #collecting}, in reading order. */
    private final List<IllegalArgumentException> kept = new java.util.ArrayList<>();
    private boolean collecting;

    public OptionReader(String connector, Map<String, String> properties) {
        this.connector = connector;
        this.values = new HashMap<>();
        properties.forEach((k, v) -> values.put(k.toLowerCase(Locale.ROOT), v));
    }

    /**
     * From now on an invalid value is kept and the key's default read instead, so one pass finds every invalid key of
     * the connector (SPEC §16.1); {@link #throwKept()} ends the pass.
     */
    public OptionReader collecting() {
        collecting = true;
        return this;
    }

    /** Throws what the caller found invalid itself: now, or, while {@link #collecting}, with the others. */
    public void reject(IllegalArgumentException invalid) {
        if (!collecting) {
            throw invalid;
        }
        kept.add(invalid);
    }

    /** Throws the invalid values kept while {@link #collecting}: one as itself, several together. */
    public void throwKept() {
        if (kept.size() == 1) {
            throw kept.get(0);
        }
        if (!kept.isEmpty()) {
            throw new InvalidOptionsException(kept);
        }
    }

    private <T> T readOr(java.util.function.Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (InvalidOptionException e) {
            reject(e);
            return fallback;
        }
    }

    public Optional<String> raw(ConfigOption<?> option) {
        String value = values.get(option.key());
        if (value == null) {
            for (var fallback : option.fallbackKeys()) {
                value = values.get(fallback.getKey());
                if (value != null) {
                    break;
                }
            }
        }
        return Optional.ofNullable(value);
    }

    public String required(ConfigOption<String> option) {
        return raw(option).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new MissingOptionException(connector, option.key()));
    }

    public boolean bool(ConfigOption<Boolean> option, boolean defaultValue) {
        return readOr(() -> raw(option).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(option, v, "true or false");
        }).orElse(defaultValue), defaultValue);
    }

    /** One character, as delimiters and quotes are. */
    public char character(ConfigOption<String> option, char defaultValue) {
        return readOr(() -> raw(option).map(v -> {
            String c = unescape(v);
            if (c.length() != 1) {
                throw invalid(option, v, "exactly one character");
            }
            return c.charAt(0);
        }).orElse(defaultValue), defaultValue);
    }

    /** One of an enumeration's spellings, compared case-insensitively; returns the lower-case spelling. */
    public String choice(ConfigOption<String> option, String defaultValue, Collection<String> valid) {
        String value = raw(option).map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse(defaultValue);
        if (value != null && !valid.contains(value)) {
            reject(invalid(option, raw(option).orElse(value), "one of " + String.join(", ", valid)));
            return defaultValue;
        }
        return value;
    }

    public Duration duration(ConfigOption<Duration> option) {
        return readOr(() -> raw(option).map(v -> parseDuration(v).orElseThrow(() -> invalid(option, v,
                "a duration such as 100ms, 30s, 5m, 1h, 1d, or INTERVAL '30' SECOND"))).orElse(option.defaultValue()),
                option.defaultValue());
    }

    public int positiveInt(ConfigOption<Integer> option) {
        return readOr(() -> raw(option).map(v -> {
            try {
                int n = Integer.parseInt(v.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw invalid(option, v, "a positive integer");
        }).orElse(option.defaultValue()), option.defaultValue() == null ? 1 : option.defaultValue());
    }

    /** An invalid value, naming the key as it was written (the option's key or one of its other spellings). */
    public InvalidOptionException invalid(ConfigOption<?> option, String value, String expected) {
        String written = option.key();
        if (!values.containsKey(written)) {
            for (var fallback : option.fallbackKeys()) {
                if (values.containsKey(fallback.getKey())) {
                    written = fallback.getKey();
                    break;
                }
            }
        }
        return new InvalidOptionException(connector, written, value, expected);
    }

    /** A duration property (SPEC §4.4): a short duration, a bare integer (seconds), or the INTERVAL form. */
    public static Optional<Duration> parseDuration(String text) {
        String t = text.trim();
        Matcher m = SHORT_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
            return Optional.of(switch (unit) {
                case "ns" -> Duration.ofMillis((n + 999_999) / 1_000_000);
                case "us" -> Duration.ofMillis((n + 999) / 1_000);
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
        }
        m = LONG_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2).toUpperCase(Locale.ROOT)) {
                case "MILLISECOND" -> Duration.ofMillis(n);
                case "SECOND" -> Duration.ofSeconds(n);
                case "MINUTE" -> Duration.ofMinutes(n);
                case "HOUR" -> Duration.ofHours(n);
                case "DAY" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
        }
        return Optional.empty();
    }

    /** Writes a duration back the way a user would, for messages: {@code 10s}, {@code 1500ms}. */
    public static String durationText(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    /** Lets a delimiter be given as {@code \t} (a common spelling for a tab), besides the character itself. */
    private static String unescape(String v) {
        return v.equals("\\t") ? "\t" : v;
    }

    /** The known key nearest to an unknown one by edit distance, for W101's hint (SPEC §5.7). */
    public static Optional<String> nearestKey(String unknown, Collection<String> known) {
        String u = unknown.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known.stream().sorted().toList()) {
            int d = EditDistance.between(u, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return Optional.ofNullable(best);
    }


    static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }
}
