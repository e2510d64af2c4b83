package dev.veloflink.connectors.file;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.decode.DecoderHarness;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-made hard input (issue 16) through the file source's reader ({@link FileSourceReader}, as a job runs it) and
 * {@link RecordDecoder} under {@code dead_letter}: each record is a correct row or a counted bad record whose dead
 * letter names its position and why. The fuzz targets ({@code CsvDecoderFuzzTest}, {@code JsonDecoderFuzzTest}) try
 * the same paths with generated input.
 */
class HardInputTest {
    private static final Schema SCHEMA = new Schema(List.of(
            new Column("id", Types.INTEGER),
            new Column("name", Types.STRING)));

    @TempDir
    Path dir;

    /** Rows, bad-record count and dead letters of a file read as {@code format} (CSV with a header line). */
    private DecoderHarness.Outcome read(String file, byte[] content, RecordFormat format) throws Exception {
        Path path = dir.resolve(file);
        Files.write(path, content);
        return decode(path, format);
    }

    private DecoderHarness.Outcome decode(Path path, RecordFormat format) throws Exception {
        FileSourceOptions options = new FileSourceOptions("in", path.toString(), format, ',', '"',
                format == RecordFormat.CSV, false, Duration.ofMillis(50), Duration.ZERO, Duration.ofSeconds(1));
        ReaderFixtures.Output output = new ReaderFixtures.Output();
        try (FileSourceReader reader = new FileSourceReader(new ReaderFixtures.Context(), options)) {
            reader.start();
            reader.addSplits(List.of(FileSplit.start(path.toString())));
            reader.notifyNoMoreSplits();
            InputStatus status;
            do {
                status = reader.pollNext(output);
            } while (status == InputStatus.MORE_AVAILABLE);
            assertThat(status).isEqualTo(InputStatus.END_OF_INPUT);
        }
        try (DecoderHarness decoder = new DecoderHarness(new RecordDecoder(new DecoderSpec("s", "in", format, ',', '"',
                SCHEMA, ErrorStrategy.DEAD_LETTER)))) {
            DecoderHarness.Outcome outcome = decoder.feed(output.records);
            assertThat(outcome.rows().size() + outcome.bad()).as("every record is a row or a bad record")
                    .isEqualTo(output.records.size());
            assertThat(outcome.deadLetters()).hasSize((int) outcome.bad());
            return outcome;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static List<Object> ids(DecoderHarness.Outcome outcome) {
        return outcome.rows().stream().map(r -> r.getField(0)).toList();
    }

    private static List<Object> names(DecoderHarness.Outcome outcome) {
        return outcome.rows().stream().map(r -> r.getField(1)).toList();
    }

    @Test
    void invalidUtf8IsADecodeErrorNamingTheByteAndLine() throws Exception {
        byte[] latin1 = concat(bytes("id,name\n1,ok\n2,caf"), new byte[]{(byte) 0xE9}, bytes("\n3,x\n"));
        DecoderHarness.Outcome csv = read("latin1.csv", latin1, RecordFormat.CSV);
        assertThat(ids(csv)).containsExactly(1, 3);
        assertThat(csv.deadLetters()).singleElement().asString()
                .contains("latin1.csv:3\"", "\"reason\":\"decode_error\"", "invalid UTF-8 byte 0xE9 at byte 6");

        byte[] json = concat(bytes("{\"id\":1}\n{\"id\":2,\"name\":\"\u00e9"), new byte[]{(byte) 0xC3, '"', '}'},
                bytes("\n{\"id\":3}\n"));
        DecoderHarness.Outcome lines = read("bad.jsonl", json, RecordFormat.JSON);
        assertThat(ids(lines)).containsExactly(1, 3);
        assertThat(lines.deadLetters()).singleElement().asString()
                .contains("bad.jsonl:2\"", "invalid UTF-8 byte 0xC3");
    }

    @Test
    void aLineOf200MegabytesIsReadPastInBoundedMemory() throws Exception {
        Path file = dir.resolve("huge.jsonl");
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'a');
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes("{\"id\":1,\"name\":\"before\"}\n{\"id\":2,\"name\":\""));
            for (int i = 0; i < 200; i++) {
                out.write(chunk);
            }
            out.write(bytes("\"}\n{\"id\":3,\"name\":\"after\"}\n"));
        }
        DecoderHarness.Outcome outcome = decode(file, RecordFormat.JSON);
        assertThat(names(outcome)).containsExactly("before", "after");
        assertThat(outcome.deadLetters()).singleElement().asString().contains("huge.jsonl:2\"",
                "\"reason\":\"decode_error\"", "is 209715218 bytes long, more than the limit of 67108864 bytes");

        // The bound itself: the reader's buffer never grows past the limit, however long the line.
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, -1, false)) {
            int records = 0;
            while (reader.next() != null) {
                records++;
                assertThat(reader.bufferCapacity()).isLessThanOrEqualTo(FileRecordReader.MAX_RECORD_BYTES);
            }
            assertThat(records).isEqualTo(3);
        }
    }

    @Test
    void anUnclosedQuoteRunsToTheEndOfTheFileAsOneBadRecordAndALongOneStaysBounded() throws Exception {
        DecoderHarness.Outcome outcome = read("open.csv", bytes("id,name\n1,a\n2,\"open\n3,c\n4,d\n"),
                RecordFormat.CSV);
        assertThat(ids(outcome)).containsExactly(1);
        assertThat(outcome.deadLetters()).singleElement().asString().contains("open.csv:3\"", "decode_error");

        // Past the limit (1 MiB here), the quoted run is read past and reported as such, in bounded memory.
        Path big = dir.resolve("open-big.csv");
        StringBuilder rows = new StringBuilder("id,name\n1,\"never closed\n");
        for (int i = 0; i < 300_000; i++) {
            rows.append(i).append(",row\n");
        }
        Files.writeString(big, rows);
        try (FileRecordReader reader = new FileRecordReader(big, 0, 1, '"', false, 1 << 20)) {
            assertThat(reader.next()).isEqualTo("id,name");
            assertThat(reader.next()).startsWith("1,\"never closed\n0,row");
            assertThat(reader.recordLine()).isEqualTo(2);
            assertThat(reader.malformed()).contains("more than the limit of 1048576 bytes",
                    "ends inside a quoted field");
            assertThat(reader.bufferCapacity()).isLessThanOrEqualTo(1 << 20);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void jsonNested100000DeepIsADecodeError() throws Exception {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String content = "{\"id\":1,\"name\":" + deep + "}\n"     // nested in a column's value
                + "{\"id\":2,\"other\":" + deep + "}\n"         // nested in a field no column reads
                + deep + "\n"                                    // nested at the top
                + "{\"id\":4,\"name\":\"fine\"}\n";
        DecoderHarness.Outcome outcome = read("deep.jsonl", bytes(content), RecordFormat.JSON);
        assertThat(ids(outcome)).containsExactly(4);
        assertThat(outcome.deadLetters()).hasSize(3);
        assertThat(outcome.deadLetters().get(0)).contains("deep.jsonl:1\"", "decode_error", "nesting depth");
        assertThat(outcome.deadLetters().get(1)).contains("deep.jsonl:2\"", "decode_error", "nesting depth");
        assertThat(outcome.deadLetters().get(2)).contains("deep.jsonl:3\"", "decode_error");
    }

    @Test
    void aByteOrderMarkIsIgnoredBeforeTheHeaderAndTheFirstJsonLine() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        DecoderHarness.Outcome csv = read("bom.csv", concat(bom, bytes("id,name\n1,a\n")), RecordFormat.CSV);
        assertThat(csv.rows()).extracting(r -> r.getField(0), r -> r.getField(1))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "a"));
        assertThat(csv.bad()).isZero();
        DecoderHarness.Outcome json = read("bom.jsonl", concat(bom, bytes("{\"id\":1,\"name\":\"a\"}\n")),
                RecordFormat.JSON);
        assertThat(names(json)).containsExactly("a");
    }

    @Test
    void crlfLineEndsAreDroppedButACrInsideQuotesIsKept() throws Exception {
        DecoderHarness.Outcome csv = read("crlf.csv", bytes("id,name\r\n1,a\r\n2,\"x\r\ny\"\r\n\r\n3,\r\n"),
                RecordFormat.CSV);
        assertThat(ids(csv)).containsExactly(1, 2, 3);
        assertThat(names(csv)).containsExactly("a", "x\r\ny", null);
        assertThat(csv.rows()).extracting(r -> r.getField(SCHEMA.size() + 1)).containsExactly(2L, 3L, 6L);
        DecoderHarness.Outcome json = read("crlf.jsonl", bytes("{\"id\":1}\r\n{\"id\":2}\r\n"), RecordFormat.JSON);
        assertThat(ids(json)).containsExactly(1, 2);
    }

    @Test
    void nulBytesAreTextInCsvAndADecodeErrorUnescapedInJson() throws Exception {
        DecoderHarness.Outcome csv = read("nul.csv", bytes("id,name\n1,a\0b\n\0\n3,c\n"), RecordFormat.CSV);
        assertThat(names(csv)).containsExactly("a\0b", "c");
        assertThat(csv.deadLetters()).singleElement().asString().contains("nul.csv:3\"", "decode_error");

        DecoderHarness.Outcome json = read("nul.jsonl",
                bytes("{\"id\":1,\"name\":\"a\\u0000b\"}\n{\"id\":2,\"name\":\"a\0b\"}\n\0\n"), RecordFormat.JSON);
        assertThat(names(json)).containsExactly("a\0b");
        assertThat(json.deadLetters()).hasSize(2);
        assertThat(json.deadLetters().get(0)).contains("nul.jsonl:2\"", "decode_error");
        assertThat(json.deadLetters().get(1)).contains("nul.jsonl:3\"", "decode_error");
    }
}
