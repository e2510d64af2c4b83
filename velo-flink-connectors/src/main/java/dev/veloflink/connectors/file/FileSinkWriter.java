package dev.veloflink.connectors.file;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes rows as CSV or JSON lines into one file, through a large buffer and one reused line builder. Its state is
 * only the file's path: it makes the sink's task one with state, so a job restored from a checkpoint or savepoint
 * always tells this writer so (a task without any state is started as new, and the file would be replaced), even
 * when the sink is not chained to a stateful operator (e.g. behind a GROUP BY at parallelism 2).
 */
final class FileSinkWriter implements StatefulSinkWriter<Row, String> {
    private static final int BUFFER_CHARS = 1 << 16;
    private static final char QUOTE = '"';

    private final FileSinkOptions options;
    private final VeloType[] types;
    /** JSON: {@code {"name":} for the first column, {@code ,"name":} for the others. */
    private final String[] jsonKeys;
    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);
    private char[] chars = new char[256];

    FileSinkWriter(FileSinkOptions options, Schema schema, boolean recovering) throws IOException {
        this.options = options;
        int n = schema.size();
        this.types = new VeloType[n];
        this.jsonKeys = new String[n];
        for (int i = 0; i < n; i++) {
            types[i] = schema.column(i).type();
            StringBuilder key = new StringBuilder(i == 0 ? "{" : ",");
            TextForms.appendJsonString(key, schema.column(i).name());
            jsonKeys[i] = key.append(':').toString();
        }
        Path file = Path.of(options.path());
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        // Replace the file only when the job first starts: after a recovery, the rows written so far stay.
        boolean replace = !options.appendIfExists() && !recovering;
        boolean startsEmpty = replace || !Files.exists(file) || Files.size(file) == 0;
        this.out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, replace ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND),
                StandardCharsets.UTF_8), BUFFER_CHARS);
        if (startsEmpty && options.format() == FileSinkOptions.Format.CSV && options.csvHasHeader()) {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    line.append(options.delimiter());
                }
                TextForms.appendCsvField(line, schema.column(i).name(), options.delimiter(), QUOTE);
            }
            writeLine();
        }
    }

    @Override
    public void write(Row row, Context context) throws IOException {
        RowKind kind = row.getKind();
        if (kind == RowKind.DELETE || kind == RowKind.UPDATE_BEFORE) {
            return;
        }
        if (options.format() == FileSinkOptions.Format.CSV) {
            char delimiter = options.delimiter();
            for (int i = 0; i < types.length; i++) {
                if (i > 0) {
                    line.append(delimiter);
                }
                TextForms.appendCsvField(line, TextForms.format(row.getField(i), types[i]), delimiter, QUOTE);
            }
        } else {
            for (int i = 0; i < types.length; i++) {
                line.append(jsonKeys[i]);
                TextForms.appendJsonValue(line, row.getField(i), types[i]);
            }
            line.append(types.length == 0 ? "{}" : "}");
        }
        writeLine();
    }

    private void writeLine() throws IOException {
        line.append('\n');
        int length = line.length();
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        line.getChars(0, length, chars, 0);
        out.write(chars, 0, length);
        line.setLength(0);
    }

    @Override
    public java.util.List<String> snapshotState(long checkpointId) {
        return java.util.List.of(options.path());
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
