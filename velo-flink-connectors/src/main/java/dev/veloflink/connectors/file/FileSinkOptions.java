package dev.veloflink.connectors.file;

import java.util.ArrayList;
import dev.veloflink.connectors.options.ConnectorOptions;
import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.options.CommonOptions;
import dev.veloflink.connectors.options.OptionReader;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration of one {@code file_sink} (SPEC §5.5), resolved at plan time.
 *
 * @param name the sink name, for messages
 * @param path the absolute path of the single output file
 */
public record FileSinkOptions(
        String name,
        String path,
        Format format,
        boolean csvHasHeader,
        char delimiter,
        boolean appendIfExists) implements Serializable {

    public static final String CONNECTOR = "file_sink";

    /** The output formats; {@code json} is an alias of {@code jsonl}. */
    public enum Format { CSV, JSONL }

    public static final List<String> FORMAT_SPELLINGS = List.of("csv", "jsonl", "json");

    public static final ConfigOption<String> PATH = ConfigOptions.key("path").stringType().noDefaultValue()
            .withDescription("The single output file; parent directories are created.");
    public static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType().noDefaultValue()
            .withDescription("csv or jsonl (alias json); by default from the path's extension.");
    public static final ConfigOption<Boolean> CSV_HAS_HEADER = ConfigOptions.key("csv_has_header").booleanType()
            .defaultValue(true).withDescription("Whether a CSV file starts with a header row of output names.");
    public static final ConfigOption<String> DELIMITER = ConfigOptions.key("delimiter").stringType()
            .defaultValue(",").withDescription("The CSV field delimiter, one character.");
    public static final ConfigOption<Boolean> APPEND_IF_EXISTS = ConfigOptions.key("append_if_exists")
            .booleanType().defaultValue(false)
            .withDescription("false replaces the file when the job first starts (not on recovery); true appends.");

    public FileSinkOptions {
        if (!Path.of(path).isAbsolute()) {
            throw new IllegalArgumentException("file_sink '" + name + "': path must be absolute: " + path);
        }
    }

    /** The defaults for everything but the path and format. */
    public static FileSinkOptions of(String name, String absolutePath, Format format) {
        return new FileSinkOptions(name, absolutePath, format, true, ',', false);
    }

    /** Every key a file_sink reads, declared once: W101's known keys and the docs table (docs/connectors.md). */
    public static List<ConnectorOption> declared() {
        List<ConnectorOption> options = new ArrayList<>(CommonOptions.declared());
        options.addAll(List.of(ConnectorOption.of(PATH, "STRING").asRequired(), ConnectorOption.of(FORMAT, "STRING"),
                ConnectorOption.of(CSV_HAS_HEADER, "BOOLEAN"), ConnectorOption.of(DELIMITER, "STRING"),
                ConnectorOption.of(APPEND_IF_EXISTS, "BOOLEAN")));
        return List.copyOf(options);
    }

    public static Set<String> knownKeys() {
        return ConnectorOptions.keys(declared());
    }

    /** Parses the keys of a sink named after its file's base name (the name of a URI sink, SPEC §5.4). */
    public static FileSinkOptions fromProperties(Map<String, String> props, Path baseDir) {
        String path = props.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(PATH.key()))
                .map(Map.Entry::getValue).findFirst().orElse("");
        String base = Path.of(path.isEmpty() ? "file" : path).getFileName().toString();
        int dot = base.indexOf('.');
        return fromProperties(dot > 0 ? base.substring(0, dot) : base, props, baseDir);
    }

    /**
     * Parses a file_sink's keys (unprefixed, case-insensitive). A relative path resolves against baseDir.
     *
     * @throws dev.veloflink.connectors.options.InvalidOptionException (E401) for an invalid value
     * @throws dev.veloflink.connectors.options.MissingOptionException (E402) when {@code path} is missing
     */
    public static FileSinkOptions fromProperties(String name, Map<String, String> props, Path baseDir) {
        OptionReader reader = new OptionReader(CONNECTOR, props);
        String path = FileSourceOptions.resolvePath(reader.required(PATH), baseDir);
        String formatText = reader.choice(FORMAT, null, FORMAT_SPELLINGS);
        Format format;
        if (formatText == null) {
            format = formatOfExtension(path);
            if (format == null) {
                throw reader.invalid(FORMAT, "", "csv or jsonl; the extension of '" + path
                        + "' does not name a format (.csv, .json, .jsonl)");
            }
        } else {
            format = formatText.equals("csv") ? Format.CSV : Format.JSONL;
        }
        boolean header = reader.bool(CSV_HAS_HEADER, true);
        char delimiter = reader.character(DELIMITER, ',');
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw reader.invalid(DELIMITER, String.valueOf(delimiter), "one character other than CR, LF and '\"'");
        }
        boolean append = reader.bool(APPEND_IF_EXISTS, false);
        return new FileSinkOptions(name, path, format, header, delimiter, append);
    }

    /** {@code .csv} is csv, {@code .json} and {@code .jsonl} are jsonl (SPEC §5.4); otherwise null. */
    public static Format formatOfExtension(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return Format.CSV;
        }
        if (lower.endsWith(".json") || lower.endsWith(".jsonl")) {
            return Format.JSONL;
        }
        return null;
    }
}
