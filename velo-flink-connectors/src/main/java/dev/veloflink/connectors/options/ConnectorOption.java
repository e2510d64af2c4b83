package dev.veloflink.connectors.options;

import dev.veloflink.dialect.props.PropertyResolver;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.Description;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.configuration.description.TextElement;

import java.util.List;
import java.util.Optional;

/**
 * One key a connector accepts, declared once ({@code SourceFactory#options}, {@code SinkFactory#options}): the same
 * declaration gives W101's known keys and "did you mean", the check of required keys (E402), the masked values
 * {@code explain} prints, and the connector's options table in the docs ({@link ConnectorOptions#docsTable}).
 *
 * @param key          the key, unprefixed, lower case
 * @param type         its value's type as the docs name it (STRING, INT, BOOLEAN, DURATION, a list of words ...)
 * @param defaultValue what an absent key means, empty when there is no default
 * @param description  one sentence for the docs table
 * @param required     whether the connector cannot be bound without it (E402)
 * @param sensitive    whether its value is a secret: printed as {@code ****} everywhere
 * @param aliases      other spellings of the key it accepts (the original engine's, e.g. {@code topic.name})
 * @param internal     whether the planner, not the user, sets it ({@code velo.*}): a known key, left out of the docs
 */
public record ConnectorOption(String key, String type, Optional<String> defaultValue, String description,
                              boolean required, boolean sensitive, List<String> aliases, boolean internal) {

    public ConnectorOption {
        if (required && defaultValue.isPresent()) {
            throw new IllegalArgumentException("option '" + key + "' is required and has a default");
        }
        aliases = List.copyOf(aliases);
    }

    /** A key the connector cannot do without. */
    public static ConnectorOption required(String key, String type, String description) {
        return new ConnectorOption(key, type, Optional.empty(), description, true, false, List.of(), false);
    }

    /** A key with a default ({@code defaultValue} null: absent means "not set", as the description says). */
    public static ConnectorOption optional(String key, String type, String defaultValue, String description) {
        return new ConnectorOption(key, type, Optional.ofNullable(defaultValue), description, false, false, List.of(),
                false);
    }

    /**
     * The declaration of a Flink {@link ConfigOption} the connector already reads its key with (its key, default and
     * description), so the key is written once.
     */
    public static ConnectorOption of(ConfigOption<?> option, String type) {
        String description = text(option.description());
        List<String> aliases = new java.util.ArrayList<>();
        option.fallbackKeys().forEach(fallback -> aliases.add(fallback.getKey()));
        return new ConnectorOption(option.key(), type, option.hasDefaultValue()
                ? Optional.of(text(option.defaultValue())) : Optional.empty(), description, false, false, aliases,
                false);
    }

    /**
     * A description as plain text. One written as a plain string ({@code withDescription("...")}, every velo option)
     * is its text; Flink's {@link HtmlFormatter}, for any other, costs regular expressions per call, which made the
     * planner's per-relation key lookups about a quarter of {@code velo validate}'s time.
     */
    private static String text(Description description) {
        StringBuilder text = new StringBuilder();
        for (BlockElement block : description.getBlocks()) {
            if (!(block instanceof TextElement element) || !element.getElements().isEmpty()
                    || !element.getStyles().isEmpty() || element.getFormat().contains("%")) {
                return new HtmlFormatter().format(description).replace("&lt;", "<").replace("&gt;", ">");
            }
            text.append(element.getFormat());
        }
        return text.toString();
    }

    /** A default as a user writes it: a duration as {@code 10s} or {@code 500ms}, not {@code PT10S}. */
    private static String text(Object value) {
        if (value instanceof java.time.Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }
        return String.valueOf(value);
    }

    /** The same key, required (E402 without it). */
    public ConnectorOption asRequired() {
        return new ConnectorOption(key, type, Optional.empty(), description, true, sensitive, aliases, internal);
    }

    /** The same key, its value a secret. */
    public ConnectorOption asSensitive() {
        return new ConnectorOption(key, type, defaultValue, description, required, true, aliases, internal);
    }

    /** The same key, set by the planner ({@code velo.*}): known, so never W101, but not in the docs. */
    public ConnectorOption asInternal() {
        return new ConnectorOption(key, type, defaultValue, description, required, sensitive, aliases, true);
    }

    /** The key and its aliases: every spelling W101 knows. */
    public List<String> spellings() {
        List<String> all = new java.util.ArrayList<>(List.of(key));
        all.addAll(aliases);
        return all;
    }

    /** The value as velo prints it: {@code ****} for a sensitive key, else with any credentials in it masked. */
    public String printable(String value) {
        return sensitive ? "****" : PropertyResolver.mask(key, value);
    }
}
