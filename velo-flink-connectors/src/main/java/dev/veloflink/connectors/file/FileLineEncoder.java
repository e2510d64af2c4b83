package dev.veloflink.connectors.file;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;

/**
 * Encodes a file_sink's rows into its lines (SPEC §7.5: CSV fields or compact JSON, no line feed), in the statement's
 * own subtasks, chained to the operator before it: the single writer ({@link FileSinkWriter}, parallelism 1) then
 * receives text, not rows, so the encoding runs at the statement's parallelism and the exchange in front of the writer
 * carries one string per row instead of every field serialized. Deletions and UPDATE_BEFORE rows have no line.
 */
public final class FileLineEncoder implements FlatMapFunction<Row, String> {
    private static final long serialVersionUID = 1L;
    static final char QUOTE = '"';

    private final FileSinkOptions.Format format;
    private final char delimiter;
    private final VeloType[] types;
    /** JSON: {@code {"name":} for the first column, {@code ,"name":} for the others. */
    private final String[] jsonKeys;
    private transient StringBuilder line;

    public FileLineEncoder(FileSinkOptions options, Schema schema) {
        this.format = options.format();
        this.delimiter = options.delimiter();
        this.types = schema.columns().stream().map(Column::type).toArray(VeloType[]::new);
        this.jsonKeys = TextForms.jsonKeyPrefixes(schema.columns());
    }

    @Override
    public void flatMap(Row row, Collector<String> out) {
        String encoded = encode(row);
        if (encoded != null) {
            out.collect(encoded);
        }
    }

    /** The row's line without its line feed, or null for a deletion or UPDATE_BEFORE row, which is not written. */
    public String encode(Row row) {
        RowKind kind = row.getKind();
        if (kind == RowKind.DELETE || kind == RowKind.UPDATE_BEFORE) {
            return null;
        }
        if (line == null) {
            line = new StringBuilder(256);
        }
        line.setLength(0);
        if (format == FileSinkOptions.Format.CSV) {
            for (int i = 0; i < types.length; i++) {
                if (i > 0) {
                    line.append(delimiter);
                }
                TextForms.appendCsvValue(line, row.getField(i), types[i], delimiter, QUOTE);
            }
        } else {
            for (int i = 0; i < types.length; i++) {
                line.append(jsonKeys[i]);
                TextForms.appendJsonValue(line, row.getField(i), types[i]);
            }
            line.append(types.length == 0 ? "{}" : "}");
        }
        return line.toString();
    }

    /** The CSV header row of the output names, when the format has one, else null. */
    static String header(FileSinkOptions options, Schema schema) {
        if (options.format() != FileSinkOptions.Format.CSV || !options.csvHasHeader()) {
            return null;
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < schema.size(); i++) {
            if (i > 0) {
                header.append(options.delimiter());
            }
            TextForms.appendCsvField(header, schema.column(i).name(), options.delimiter(), QUOTE);
        }
        return header.toString();
    }
}
