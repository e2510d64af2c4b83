package dev.veloflink.connectors.file;

import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.dialect.types.Column;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSchemaInferenceTest {
    static final Path EXAMPLES = Path.of("../examples/spec").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private static String describe(InferredSchema inferred) {
        return inferred.schema().columns().stream().map(c -> c.name() + " " + c.type().sqlName())
                .collect(Collectors.joining(", "));
    }

    private InferredSchema inferCsv(String content) throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, content);
        return FileSchemaInference.infer(FileSourceOptions.of("t", file.toString(), RecordFormat.CSV), 1000);
    }

    private InferredSchema inferJson(String content) throws IOException {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, content);
        return FileSchemaInference.infer(FileSourceOptions.of("t", file.toString(), RecordFormat.JSON), 1000);
    }

    @Test
    void example01Orders() {
        String path = EXAMPLES.resolve("01_orders.csv").toString();
        InferredSchema inferred = FileSchemaInference.infer(FileSourceOptions.of("orders", path, RecordFormat.CSV),
                1000);
        assertThat(describe(inferred)).isEqualTo("order_id INTEGER, customer STRING, amount DECIMAL(38,2), "
                + "status STRING, placed_at TIMESTAMP(3)");
        assertThat(inferred.origin()).isEqualTo("inferred from 10 rows of " + path);
        assertThat(inferred.schema().columns()).allMatch(Column::nullable);
    }

    @Test
    void example04ReadingsWithSemicolons() {
        String path = EXAMPLES.resolve("04_readings.csv").toString();
        FileSourceOptions options = new FileSourceOptions("readings", path, RecordFormat.CSV, ';', '"', true, false,
                FileSourceOptions.POLLING_INTERVAL.defaultValue(), FileSourceOptions.FILE_WAIT_TIMEOUT.defaultValue(),
                FileSourceOptions.FILE_RETRY_INTERVAL.defaultValue());
        assertThat(describe(FileSchemaInference.infer(options, 1000)))
                .isEqualTo("station STRING, temperature DECIMAL(38,2)");
    }

    @Test
    void example02PaymentsJsonNumbersTypedFromTheirText() {
        String path = EXAMPLES.resolve("02_payments.jsonl").toString();
        assertThat(describe(FileSchemaInference.infer(FileSourceOptions.of("p", path, RecordFormat.JSON), 1000)))
                .isEqualTo("payment_id INTEGER, merchant STRING, amount DECIMAL(38,2), method STRING, "
                        + "installments INTEGER");
    }

    @Test
    void example06SensorsEpochMillisAreBigint() {
        String path = EXAMPLES.resolve("06_sensors.jsonl").toString();
        assertThat(describe(FileSchemaInference.infer(FileSourceOptions.of("s", path, RecordFormat.JSON), 1000)))
                .isEqualTo("sensor_id STRING, reading DECIMAL(38,1), ts BIGINT");
    }

    @Test
    void csvRulesInOrder() throws IOException {
        InferredSchema inferred = inferCsv("""
                b,i,l,d,x,ts,dt,s,e,huge,big,mixed
                TRUE,1,1,1.5,1e3,2024-05-01T09:00:00Z,2024-05-01,abc,,123456789012345678901234567890123456789,12345678901234567890,1
                false,-2,9999999999,-2,2.5,2024-05-01 09:00:00.123+02:00,2024-12-31,1,,1,1,x
                ,+3,3,0.125,-7,2024-05-02,2024-01-01,true,,2,2,2
                """);
        assertThat(describe(inferred)).isEqualTo("b BOOLEAN, i INTEGER, l BIGINT, d DECIMAL(38,3), x DOUBLE, "
                + "ts TIMESTAMP(3), dt DATE, s STRING, e STRING, huge STRING, big DECIMAL(38,0), mixed STRING");
        assertThat(inferred.origin()).endsWith("inferred from 3 rows of " + dir.resolve("t.csv"));
    }

    @Test
    void decimalThatCannotFit38DigitsIsString() throws IOException {
        assertThat(describe(inferCsv("a\n" + "1".repeat(37) + ".5\n0.12\n"))).isEqualTo("a STRING");
        assertThat(describe(inferCsv("a\n" + "1".repeat(36) + ".5\n0.12\n"))).isEqualTo("a DECIMAL(38,2)");
    }

    @Test
    void headerlessCsvNamesColumnsByPosition() throws IOException {
        Path file = dir.resolve("n.csv");
        Files.writeString(file, "1,a\n2,b,3.5\n");
        FileSourceOptions options = FileSourceOptions.of("n", file.toString(), RecordFormat.CSV_NO_HEADER);
        assertThat(describe(FileSchemaInference.infer(options, 1000)))
                .isEqualTo("column1 INTEGER, column2 STRING, column3 DECIMAL(38,1)");
    }

    @Test
    void jsonStringsNeverInferNumbersAndNestedValuesAreStrings() throws IOException {
        InferredSchema inferred = inferJson("""
                {"n": "42", "t": "2024-05-01T09:00:00", "d": "2024-05-01", "o": {"a": 1}, "arr": [1], "b": true, "z": null}
                {"n": "43", "t": "2024-05-01", "d": "2024-05-02", "o": null, "arr": null, "b": false, "late": 1.0E2}
                not json
                """);
        assertThat(describe(inferred)).isEqualTo("n STRING, t TIMESTAMP(3), d DATE, o STRING, arr STRING, "
                + "b BOOLEAN, z STRING, late DOUBLE");
        assertThat(inferred.origin()).startsWith("inferred from 2 rows of ");
    }

    @Test
    void sampleStopsAtInferRowsAcrossFilesInReadOrder() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "v\n1\n2\n");
        Files.writeString(dir.resolve("b.csv"), "v,w\n3,x\nfoo,y\n");
        FileSourceOptions options = FileSourceOptions.of("t", dir + "/*.csv", RecordFormat.CSV);
        InferredSchema three = FileSchemaInference.infer(options, 3);
        assertThat(describe(three)).isEqualTo("v INTEGER, w STRING");
        assertThat(three.origin()).isEqualTo("inferred from 3 rows of " + dir + "/*.csv");
        assertThat(describe(FileSchemaInference.infer(options, 4))).isEqualTo("v STRING, w STRING");
    }

    @Test
    void noSampleIsE404() throws IOException {
        Files.writeString(dir.resolve("h.csv"), "a,b\n");
        assertThatThrownBy(() -> FileSchemaInference.infer(
                FileSourceOptions.of("h", dir + "/h.csv", RecordFormat.CSV), 1000))
                .hasMessageStartingWith("E404 file_source 'h'");
    }
}
