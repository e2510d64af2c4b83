package dev.veloflink.connectors.file;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSinkOptionsTest {
    private static final Path BASE = Path.of("/apps/demo");

    @Test
    void formatFollowsTheExtensionUnlessGiven() {
        assertThat(FileSinkOptions.fromProperties("s", Map.of("path", "./output/x.csv"), BASE))
                .isEqualTo(new FileSinkOptions("s", "/apps/demo/output/x.csv", FileSinkOptions.Format.CSV, true, ',',
                        false));
        assertThat(FileSinkOptions.fromProperties("s", Map.of("path", "out.json"), BASE).format())
                .isEqualTo(FileSinkOptions.Format.JSONL);
        FileSinkOptions o = FileSinkOptions.fromProperties("s", Map.of("path", "/o/x.txt", "FORMAT", "Json",
                "csv_has_header", "false", "delimiter", "|", "append_if_exists", "TRUE"), BASE);
        assertThat(o).isEqualTo(new FileSinkOptions("s", "/o/x.txt", FileSinkOptions.Format.JSONL, false, '|', true));
    }

    @Test
    void invalidValues() {
        assertThatThrownBy(() -> FileSinkOptions.fromProperties("s", Map.of("path", "/o/x.txt"), BASE))
                .hasMessageContaining("key 'format'").hasMessageContaining("expected: csv or jsonl");
        assertThatThrownBy(() -> FileSinkOptions.fromProperties("s", Map.of("path", "/o/x.csv", "format", "avro"),
                BASE)).hasMessageEndingWith("expected: one of csv, jsonl, json");
        assertThatThrownBy(() -> FileSinkOptions.fromProperties("s", Map.of("path", "/o/x.csv",
                "append_if_exists", "maybe"), BASE)).hasMessageEndingWith("expected: true or false");
        assertThat(FileSinkOptions.knownKeys()).contains("csv_has_header", "append_if_exists", "type");
    }
}
