package dev.veloflink.planner;

import dev.veloflink.dialect.ast.Query;
import dev.veloflink.planner.bind.BindContext;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code FROM 'file://path'} and {@code FROM 'kafka://host:port/topic'} (SPEC §5.4): a source bound by its URI. Its
 * name, for {@code X.k} keys, is its alias, else its topic or its file's base name without extension.
 */
record UriSource(String name, Map<String, String> keys) {
    private static final Pattern KAFKA = Pattern.compile("kafka://([^/]+)/(.+)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    static UriSource parse(Query.UriRelation uri, Path baseDir, BindContext context) {
        String text = uri.uri();
        Map<String, String> keys = new LinkedHashMap<>();
        String name;
        Matcher kafka = KAFKA.matcher(text);
        if (kafka.matches()) {
            keys.put("type", "kafka_source");
            keys.put("bootstrap.servers", kafka.group(1));
            keys.put("topic", kafka.group(2));
            name = kafka.group(2);
        } else if (text.startsWith("file://")) {
            String path = text.substring("file://".length());
            String base = Path.of(path).getFileName().toString();
            int dot = base.lastIndexOf('.');
            String extension = dot < 0 ? "" : base.substring(dot + 1).toLowerCase(Locale.ROOT);
            String format = switch (extension) {
                case "csv" -> "csv";
                case "json", "jsonl" -> "jsonl";
                default -> throw context.error("E401", uri, "cannot tell the format of '" + text
                        + "' from its extension", "a .csv, .json or .jsonl file", "bind the source by name with "
                        + "'X.format' instead");
            };
            keys.put("type", "file_source");
            keys.put("path", path);
            keys.put("format", format);
            name = dot < 0 ? base : base.substring(0, dot);
        } else {
            throw context.error("E401", uri, "unsupported source URI '" + text + "'",
                    "file://path or kafka://host:port/topic", null);
        }
        name = uri.alias().orElse(name);
        if (!IDENTIFIER.matcher(name).matches()) {
            throw context.error("E401", uri, "the source '" + text + "' needs an alias: '" + name
                    + "' is not an identifier", "FROM '" + text + "' AS alias", null);
        }
        return new UriSource(name, keys);
    }
}
