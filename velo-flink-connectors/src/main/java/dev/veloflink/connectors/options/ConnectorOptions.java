package dev.veloflink.connectors.options;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What a connector's declared {@link ConnectorOption}s serve: known keys, required keys, explain text, docs. */
public final class ConnectorOptions {
    private ConnectorOptions() {
    }

    /** The declared keys (W101 "did you mean" draws on them). */
    public static Set<String> keys(List<ConnectorOption> options) {
        return options.stream().flatMap(o -> o.spellings().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Checks that every required key is set.
     *
     * @throws MissingOptionException (E402) for the first one missing, in declaration order
     */
    public static void requireAll(String connector, List<ConnectorOption> options, Map<String, String> keys) {
        for (ConnectorOption option : options) {
            if (option.required() && (keys.get(option.key()) == null || keys.get(option.key()).isBlank())) {
                throw new MissingOptionException(connector, option.key());
            }
        }
    }

    /** The value of {@code key}, else its declared default, else null. */
    public static String value(List<ConnectorOption> options, Map<String, String> keys, String key) {
        String value = keys.get(key);
        if (value != null) {
            return value;
        }
        return options.stream().filter(o -> o.key().equals(key)).findFirst()
                .flatMap(ConnectorOption::defaultValue).orElse(null);
    }

    /** The set keys as {@code explain} prints them, {@code k=v, ...} in declaration order, secrets masked. */
    public static String printable(List<ConnectorOption> options, Map<String, String> keys) {
        StringJoiner out = new StringJoiner(", ");
        for (ConnectorOption option : options) {
            String value = keys.get(option.key());
            if (value != null) {
                out.add(option.key() + "=" + option.printable(value));
            }
        }
        return out.toString();
    }

    /**
     * The connector's options as a Markdown table (key, type, default, required, description), as the docs hold it;
     * a sensitive key says so.
     */
    public static String docsTable(List<ConnectorOption> options) {
        StringBuilder out = new StringBuilder("| Key | Type | Default | Required | Description |\n")
                .append("|---|---|---|---|---|\n");
        for (ConnectorOption o : options) {
            if (o.internal()) {
                continue;
            }
            out.append("| `").append(o.key()).append("` | ").append(o.type()).append(" | ")
                    .append(o.defaultValue().map(d -> "`" + d + "`").orElse("")).append(" | ")
                    .append(o.required() ? "yes" : "no").append(" | ")
                    .append(o.description().replace("|", "\\|"))
                    .append(o.aliases().isEmpty() ? "" : " Also spelled " + String.join(", ",
                            o.aliases().stream().map(a -> "`" + a + "`").toList()) + ".")
                    .append(o.sensitive() ? " Secret: printed as `****`." : "").append(" |\n");
        }
        return out.toString();
    }
}
