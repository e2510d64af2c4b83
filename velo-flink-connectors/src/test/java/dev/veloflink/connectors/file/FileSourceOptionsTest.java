package dev.veloflink.connectors.file;

import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.connectors.options.InvalidOptionException;
import dev.veloflink.connectors.options.MissingOptionException;
import dev.veloflink.connectors.options.OptionReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSourceOptionsTest {
    private static final Path BASE = Path.of("/apps/demo");

    @Test
    void defaultsAndRelativePath() {
        FileSourceOptions o = FileSourceOptions.fromProperties("orders", Map.of("path", "./data/*.csv"), BASE);
        assertThat(o).isEqualTo(new FileSourceOptions("orders", "/apps/demo/data/*.csv", RecordFormat.CSV, ',', '"',
                true, false, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)));
    }

    @Test
    void everyKeyCaseInsensitively() {
        FileSourceOptions o = FileSourceOptions.fromProperties("r", Map.of("PATH", "/d/r.txt", "Format", "JSONLines",
                "delimiter", ";", "quote", "'", "has_headers", "FALSE", "watching", "true", "polling_interval", "250ms",
                "file.wait.timeout", "INTERVAL '2' MINUTES", "file.retry.interval", "3"), BASE);
        assertThat(o).isEqualTo(new FileSourceOptions("r", "/d/r.txt", RecordFormat.JSON, ';', '\'', false, true,
                Duration.ofMillis(250), Duration.ofMinutes(2), Duration.ofSeconds(3)));
        assertThat(FileSourceOptions.fromProperties(Map.of("path", "/d/orders.v1.csv"), BASE).name())
                .isEqualTo("orders");
    }

    @Test
    void csvWithoutHeadersMatchesByPosition() {
        FileSourceOptions o = FileSourceOptions.fromProperties("r", Map.of("path", "/a.csv", "has_headers", "false"),
                BASE);
        assertThat(o.effectiveFormat()).isEqualTo(RecordFormat.CSV_NO_HEADER);
        assertThat(FileSourceOptions.fromProperties("r", Map.of("path", "/a.csv", "format", "csv_no_header"), BASE)
                .hasHeaders()).isFalse();
    }

    @Test
    void invalidValuesListTheValidOnes() {
        assertThatThrownBy(() -> FileSourceOptions.fromProperties("r", Map.of("path", "/a", "format", "xml"), BASE))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> {
                    assertThat(e.key()).isEqualTo("format");
                    assertThat(e.expected()).isEqualTo("one of csv, csv_no_header, json, jsonl, jsonlines");
                })
                .hasMessage("E401 invalid value 'xml' for file_source key 'format'; "
                        + "expected: one of csv, csv_no_header, json, jsonl, jsonlines");
        assertThatThrownBy(() -> FileSourceOptions.fromProperties("r", Map.of("path", "/a", "watching", "yes"), BASE))
                .hasMessageContaining("expected: true or false");
        assertThatThrownBy(() -> FileSourceOptions.fromProperties("r", Map.of("path", "/a", "delimiter", ";;"), BASE))
                .hasMessageContaining("expected: exactly one character");
        assertThatThrownBy(() -> FileSourceOptions.fromProperties("r", Map.of("path", "/a",
                "polling_interval", "5 parsecs"), BASE)).hasMessageContaining("expected: a duration");
        assertThatThrownBy(() -> FileSourceOptions.fromProperties("r", Map.of("format", "csv"), BASE))
                .isInstanceOf(MissingOptionException.class).hasMessage("E402 file_source requires the key 'path'");
    }

    @Test
    void knownKeysAndNearestKey() {
        assertThat(FileSourceOptions.knownKeys()).contains("path", "format", "file.wait.timeout", "infer.rows",
                "columns", "type");
        assertThat(OptionReader.nearestKey("has_header", FileSourceOptions.knownKeys())).contains("has_headers");
        assertThat(OptionReader.nearestKey("polling.interval", FileSourceOptions.knownKeys()))
                .contains("polling_interval");
    }

    @Test
    void durations() {
        assertThat(OptionReader.parseDuration("100ms")).contains(Duration.ofMillis(100));
        assertThat(OptionReader.parseDuration("5m")).contains(Duration.ofMinutes(5));
        assertThat(OptionReader.parseDuration("10")).contains(Duration.ofSeconds(10));
        assertThat(OptionReader.parseDuration("1500us")).contains(Duration.ofMillis(2));
        assertThat(OptionReader.parseDuration("30 SECONDS")).contains(Duration.ofSeconds(30));
        assertThat(OptionReader.parseDuration("1h30m")).isEmpty();
    }
}
