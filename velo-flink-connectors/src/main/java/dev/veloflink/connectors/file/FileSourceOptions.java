package dev.veloflink.connectors.file;

import dev.veloflink.connectors.options.ConnectorOptions;
import dev.veloflink.connectors.options.ConnectorOption;
import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.connectors.options.CommonOptions;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.connectors.options.OptionReader;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of one {@code file_source} (SPEC §5.5), resolved at plan time: {@code path} is absolute and may
 * hold the globs {@code *}, {@code ?} and {@code **}.
 *
 * @param name the source name, for messages (E402)
 */
public record FileSourceOptions(
        String name,
        String path,
        RecordFormat format,
        char delimiter,
        char quote,
        boolean hasHeaders,
        boolean watching,
        Duration pollingInterval,
        Duration fileWaitTimeout,
        Duration fileRetryInterval) implements Serializable {

    public static final String CONNECTOR = "file_source";

    public static final ConfigOption<String> PATH = ConfigOptions.key("path").stringType().noDefaultValue()
            .withDescription("A path, which may use the globs *, ? and **; files are read in lexicographic path order.");
    public static final ConfigOption<String> FORMAT = ConfigOptions.key("format").stringType().defaultValue("csv")
            .withDescription("csv (with a header row); csv_no_header; json or jsonl (alias jsonlines).");
    public static final ConfigOption<String> DELIMITER = ConfigOptions.key("delimiter").stringType()
            .defaultValue(",").withDescription("The CSV field delimiter, one character.");
    public static final ConfigOption<String> QUOTE = ConfigOptions.key("quote").stringType().defaultValue("\"")
            .withDescription("The CSV quote, one ASCII character; a quote inside a quoted field is doubled.");
    public static final ConfigOption<Boolean> HAS_HEADERS = ConfigOptions.key("has_headers").booleanType()
            .defaultValue(true).withDescription("Whether the first line of each file is a header (csv only).");
    public static final ConfigOption<Boolean> WATCHING = ConfigOptions.key("watching").booleanType()
            .defaultValue(false).withDescription("Keep polling for new files and appended lines (unbounded).");
    public static final ConfigOption<Duration> POLLING_INTERVAL = ConfigOptions.key("polling_interval")
            .durationType().defaultValue(Duration.ofSeconds(1)).withDescription("How often watching polls.");
    public static final ConfigOption<Duration> FILE_WAIT_TIMEOUT = ConfigOptions.key("file.wait.timeout")
            .durationType().defaultValue(Duration.ZERO)
            .withDescription("How long to wait for the path to match a file before failing (E402).");
    public static final ConfigOption<Duration> FILE_RETRY_INTERVAL = ConfigOptions.key("file.retry.interval")
            .durationType().defaultValue(Duration.ofSeconds(1))
            .withDescription("The delay between attempts to match the path while waiting.");

    public FileSourceOptions {
        if (!Path.of(path.replace('*', '_').replace('?', '_')).isAbsolute()) {
            throw new IllegalArgumentException("file_source '" + name + "': path must be absolute: " + path);
        }
    }

    /** The defaults for everything but the path and format. */
    public static FileSourceOptions of(String name, String absolutePath, RecordFormat format) {
        return new FileSourceOptions(name, absolutePath, format, ',', '"', format == RecordFormat.CSV, false,
                POLLING_INTERVAL.defaultValue(), FILE_WAIT_TIMEOUT.defaultValue(), FILE_RETRY_INTERVAL.defaultValue());
    }

    public FileSourceOptions withPath(String absolutePath) {
        return new FileSourceOptions(name, absolutePath, format, delimiter, quote, hasHeaders, watching,
                pollingInterval, fileWaitTimeout, fileRetryInterval);
    }

    /** How records are matched to columns: a CSV file without a header line is matched by position. */
    public RecordFormat effectiveFormat() {
        return format == RecordFormat.CSV && !hasHeaders ? RecordFormat.CSV_NO_HEADER : format;
    }

    /** The keys of a file_source, including those every source accepts, for W101. */
    public static Set<String> knownKeys() {
        return ConnectorOptions.keys(declared());
    }

    /** Every key a file_source reads, declared once: W101's known keys and the docs table. */
    public static java.util.List<ConnectorOption> declared() {
        java.util.List<ConnectorOption> options = new java.util.ArrayList<>(CommonOptions.declared());
        options.addAll(java.util.List.of(ConnectorOption.of(PATH, "STRING").asRequired(),
                ConnectorOption.of(FORMAT, "csv, csv_no_header, json, jsonl"), ConnectorOption.of(DELIMITER, "STRING"),
                ConnectorOption.of(QUOTE, "STRING"), ConnectorOption.of(HAS_HEADERS, "BOOLEAN"), ConnectorOption.of(WATCHING, "BOOLEAN"),
                ConnectorOption.of(POLLING_INTERVAL, "DURATION"), ConnectorOption.of(FILE_WAIT_TIMEOUT, "DURATION"),
                ConnectorOption.of(FILE_RETRY_INTERVAL, "DURATION")));
        return java.util.List.copyOf(options);
    }

    /** Parses the keys of a source named after its file's base name (the name of a URI source, SPEC §5.4). */
    public static FileSourceOptions fromProperties(Map<String, String> props, Path baseDir) {
        String path = props.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(PATH.key()))
                .map(Map.Entry::getValue).findFirst().orElse("");
        String base = Path.of(path.isEmpty() ? "file" : path).getFileName().toString();
        int dot = base.indexOf('.');
        return fromProperties(dot > 0 ? base.substring(0, dot) : base, props, baseDir);
    }

    /**
     * Parses a file_source's keys (unprefixed, case-insensitive). A relative path resolves against baseDir.
     *
     * @throws InvalidOptionException (E401) for an invalid value, listing the valid ones
     * @throws dev.veloflink.connectors.options.MissingOptionException (E402) when {@code path} is missing
     */
    public static FileSourceOptions fromProperties(String name, Map<String, String> props, Path baseDir) {
        OptionReader reader = new OptionReader(CONNECTOR, props);
        String path = resolvePath(reader.required(PATH), baseDir);
        String formatText = reader.choice(FORMAT, FORMAT.defaultValue(), RecordFormat.FILE_SPELLINGS);
        RecordFormat format = RecordFormat.parse(formatText).orElseThrow();
        char delimiter = reader.character(DELIMITER, ',');
        char quote = reader.character(QUOTE, '"');
        if (quote >= 0x80 || quote == '\n' || quote == '\r') {
            throw reader.invalid(QUOTE, String.valueOf(quote), "one ASCII character other than CR and LF");
        }
        if (delimiter == '\n' || delimiter == '\r' || delimiter == quote) {
            throw reader.invalid(DELIMITER, String.valueOf(delimiter), "one character other than CR, LF and the quote");
        }
        boolean hasHeaders = reader.bool(HAS_HEADERS, format == RecordFormat.CSV);
        boolean watching = reader.bool(WATCHING, false);
        Duration polling = reader.duration(POLLING_INTERVAL);
        if (polling.isZero()) {
            throw reader.invalid(POLLING_INTERVAL, reader.raw(POLLING_INTERVAL).orElse(""), "a positive duration");
        }
        Duration waitTimeout = reader.duration(FILE_WAIT_TIMEOUT);
        Duration retry = reader.duration(FILE_RETRY_INTERVAL);
        if (retry.isZero()) {
            throw reader.invalid(FILE_RETRY_INTERVAL, reader.raw(FILE_RETRY_INTERVAL).orElse(""), "a positive duration");
        }
        return new FileSourceOptions(name, path, format, delimiter, quote, hasHeaders, watching, polling, waitTimeout,
                retry);
    }

    /** Resolves a relative path (or a {@code file://} URI) against the application's directory. */
    static String resolvePath(String path, Path baseDir) {
        String p = path.startsWith("file://") ? path.substring("file://".length()) : path;
        if (p.startsWith("/")) {
            return Path.of(p).normalize().toString();
        }
        return baseDir.toAbsolutePath().resolve(p).normalize().toString();
    }

    /** The quote records are framed with: CSV's quote, or -1 for JSON lines, whose lines end at every LF. */
    public int framingQuote() {
        return format.isCsv() ? quote : -1;
    }

    /** Whether each file's first record is its header (CSV with headers). */
    public boolean readsHeader() {
        return format.isCsv() && hasHeaders;
    }
}
