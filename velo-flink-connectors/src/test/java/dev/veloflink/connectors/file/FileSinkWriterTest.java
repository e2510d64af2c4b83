package dev.veloflink.connectors.file;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.Types;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileSinkWriterTest {
    private static final Schema OUT = new Schema(List.of(
            new Column("id", Types.INTEGER),
            new Column("name", Types.STRING),
            new Column("amount", Types.decimal(10, 2)),
            new Column("ratio", Types.DOUBLE),
            new Column("at", Types.TIMESTAMP),
            new Column("day", Types.DATE),
            new Column("ok", Types.BOOLEAN)));

    @TempDir
    Path dir;

    private static Row row(RowKind kind, Object... values) {
        Row r = Row.of(values);
        r.setKind(kind);
        return r;
    }

    private String write(FileSinkOptions options, boolean recovering, Row... rows) throws IOException {
        FileLineEncoder encoder = new FileLineEncoder(options, OUT);
        try (FileSinkWriter writer = new FileSinkWriter(options, FileLineEncoder.header(options, OUT), recovering)) {
            for (Row r : rows) {
                String line = encoder.encode(r);
                if (line != null) {
                    writer.write(line, null);
                }
            }
            writer.flush(true);
        }
        return Files.readString(Path.of(options.path()), StandardCharsets.UTF_8);
    }

    private static Row[] sampleRows() {
        return new Row[] {
                Row.of(1, "plain", new BigDecimal("100.00"), 3.5, 1714554000000L, 19844, true),
                Row.of(2, "a,b \"q\"", new BigDecimal("-0.40"), Double.NaN, 0L, 0, false),
                Row.of(3, "", null, null, null, null, null),
                row(RowKind.DELETE, 4, "gone", null, null, null, null, null),
                row(RowKind.UPDATE_BEFORE, 5, "old", null, null, null, null, null),
                row(RowKind.UPDATE_AFTER, 6, "line\nbreak", new BigDecimal("7.00"), 1.0E-5, null, null, null),
        };
    }

    @Test
    void csvExactBytes() throws IOException {
        FileSinkOptions options = FileSinkOptions.of("out", dir + "/nested/dir/out.csv", FileSinkOptions.Format.CSV);
        assertThat(write(options, false, sampleRows())).isEqualTo(
                "id,name,amount,ratio,at,day,ok\n"
                + "1,plain,100.00,3.5,2024-05-01T09:00:00,2024-05-01,true\n"
                + "2,\"a,b \"\"q\"\"\",-0.40,NaN,1970-01-01T00:00:00,1970-01-01,false\n"
                + "3,\"\",,,,,\n"
                + "6,\"line\nbreak\",7.00,1.0E-5,,,\n");
    }

    @Test
    void jsonLinesExactBytes() throws IOException {
        FileSinkOptions options = FileSinkOptions.of("out", dir + "/out.jsonl", FileSinkOptions.Format.JSONL);
        assertThat(write(options, false, sampleRows())).isEqualTo("""
                {"id":1,"name":"plain","amount":100.00,"ratio":3.5,"at":"2024-05-01T09:00:00","day":"2024-05-01","ok":true}
                {"id":2,"name":"a,b \\"q\\"","amount":-0.40,"ratio":"NaN","at":"1970-01-01T00:00:00","day":"1970-01-01","ok":false}
                {"id":3,"name":"","amount":null,"ratio":null,"at":null,"day":null,"ok":null}
                {"id":6,"name":"line\\nbreak","amount":7.00,"ratio":1.0E-5,"at":null,"day":null,"ok":null}
                """);
    }

    @Test
    void replacesOnFirstStartAppendsOnRecoveryOrWhenAsked() throws IOException {
        Path file = dir.resolve("o.csv");
        Files.writeString(file, "old content\n");
        Row one = Row.of(1, "x", null, null, null, null, null);
        FileSinkOptions replace = new FileSinkOptions("o", file.toString(), FileSinkOptions.Format.CSV, true, ';',
                false);
        assertThat(write(replace, false, one)).isEqualTo("id;name;amount;ratio;at;day;ok\n1;x;;;;;\n");
        // A recovery keeps what was written and adds no second header.
        assertThat(write(replace, true, one)).isEqualTo("id;name;amount;ratio;at;day;ok\n1;x;;;;;\n1;x;;;;;\n");
        FileSinkOptions append = new FileSinkOptions("o", file.toString(), FileSinkOptions.Format.CSV, true, ';',
                true);
        assertThat(write(append, false, one)).endsWith("1;x;;;;;\n1;x;;;;;\n1;x;;;;;\n");
        FileSinkOptions noHeader = new FileSinkOptions("o", dir + "/new.csv", FileSinkOptions.Format.CSV, false,
                ',', true);
        assertThat(write(noHeader, false, one)).isEqualTo("1,x,,,,,\n");
    }

    /** A write cut short by a failure leaves half a row; the restored writer cuts it off before it appends. */
    @Test
    void aRecoveryDropsAnUnfinishedLastLineBeforeAppending() throws IOException {
        Path file = dir.resolve("torn.csv");
        Files.writeString(file, "id,name,amount,ratio,at,day,ok\n1,x,,,,,\n2,ha");
        Row three = Row.of(3, "y", null, null, null, null, null);
        FileSinkOptions options = FileSinkOptions.of("torn", file.toString(), FileSinkOptions.Format.CSV);
        assertThat(write(options, true, three)).isEqualTo("id,name,amount,ratio,at,day,ok\n1,x,,,,,\n3,y,,,,,\n");
        // A first start replaces the file, whatever it ends with.
        Files.writeString(file, "no line feed at all");
        assertThat(write(options, false, three)).isEqualTo("id,name,amount,ratio,at,day,ok\n3,y,,,,,\n");
    }
}
