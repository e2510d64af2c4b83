package dev.veloflink.connectors.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileRecordReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** Every record as "line:text". */
    private static List<String> readAll(FileRecordReader reader) throws IOException {
        List<String> out = new ArrayList<>();
        String record;
        while ((record = reader.next()) != null) {
            out.add(reader.recordLine() + ":" + record);
        }
        return out;
    }

    @Test
    void quotedFieldsSpanLinesAndKeepTheirLineBreaks() throws IOException {
        Path file = write("a.csv", "id,note\n1,\"first\nsecond\"\n2,\"say \"\"hi\"\"\"\n3,plain\n");
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, '"', false)) {
            assertThat(readAll(reader)).containsExactly("1:id,note", "2:1,\"first\nsecond\"",
                    "4:2,\"say \"\"hi\"\"\"", "5:3,plain");
        }
    }

    @Test
    void crlfLineEndsAreDroppedButCrlfInsideQuotesIsKept() throws IOException {
        Path file = write("a.csv", "id;name\r\n1;\"a\r\nb\"\r\n2;c\r\n");
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, '"', false)) {
            assertThat(readAll(reader)).containsExactly("1:id;name", "2:1;\"a\r\nb\"", "4:2;c");
        }
    }

    @Test
    void emptyLinesAreSkippedButCounted() throws IOException {
        Path file = write("a.csv", "h\n1\n\n2\n\n\n");
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, '"', false)) {
            assertThat(readAll(reader)).containsExactly("1:h", "2:1", "4:2");
        }
    }

    @Test
    void lastLineWithoutLineFeedIsReadWhenBoundedAndHeldBackWhenWatching() throws IOException {
        Path file = write("a.jsonl", "{\"a\":1}\n{\"a\":2}");
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, -1, false)) {
            assertThat(readAll(reader)).containsExactly("1:{\"a\":1}", "2:{\"a\":2}");
        }
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, -1, true)) {
            assertThat(readAll(reader)).containsExactly("1:{\"a\":1}");
            Files.writeString(file, "\n{\"a\":3}\n", StandardOpenOption.APPEND);
            assertThat(readAll(reader)).containsExactly("2:{\"a\":2}", "3:{\"a\":3}");
        }
    }

    @Test
    void jsonLinesIgnoreQuotes() throws IOException {
        Path file = write("a.jsonl", "{\"a\":\"x\\\"y\"}\n{\"a\":\"\\\"\"}\n");
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, -1, false)) {
            assertThat(readAll(reader)).containsExactly("1:{\"a\":\"x\\\"y\"}", "2:{\"a\":\"\\\"\"}");
        }
    }

    @Test
    void leadingByteOrderMarkIsIgnoredAndMultiByteTextSurvives() throws IOException {
        Path file = dir.resolve("bom.csv");
        byte[] body = "name,city\nJürgen,\"Zürich, CH\"\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        Files.write(file, bytes);
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, '"', false)) {
            assertThat(readAll(reader)).containsExactly("1:name,city", "2:Jürgen,\"Zürich, CH\"");
        }
    }

    @Test
    void resumesExactlyFromTheOffsetAndLineItReported() throws IOException {
        Path file = write("a.csv", "h\n1,\"x\ny\"\n2\n3\n");
        long offset;
        long line;
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, '"', false)) {
            reader.next();
            reader.next();
            offset = reader.nextOffset();
            line = reader.nextLine();
        }
        assertThat(offset).isEqualTo("h\n1,\"x\ny\"\n".length());
        assertThat(line).isEqualTo(4);
        try (FileRecordReader reader = new FileRecordReader(file, offset, line, '"', false)) {
            assertThat(readAll(reader)).containsExactly("4:2", "5:3");
        }
    }

    @Test
    void recordsLongerThanTheBufferAreFramedWhole() throws IOException {
        String big = "x".repeat(3 << 20);
        Path file = write("big.csv", "h\n\"" + big + "\n" + big + "\"\nend\n");
        try (FileRecordReader reader = new FileRecordReader(file, 0, 1, '"', false)) {
            assertThat(reader.next()).isEqualTo("h");
            assertThat(reader.next()).hasSize(2 * big.length() + 3);
            assertThat(reader.next()).isEqualTo("end");
            assertThat(reader.recordLine()).isEqualTo(4);
            assertThat(reader.next()).isNull();
        }
    }
}
