package dev.veloflink.e2e.spi;

import dev.veloflink.connectors.RawRecord;
import dev.veloflink.connectors.SchemaBoundSourceProvider;
import dev.veloflink.connectors.SystemColumns;
import dev.veloflink.connectors.TableRole;
import dev.veloflink.connectors.decode.DecoderSpec;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.decode.RecordDecoder;
import dev.veloflink.connectors.decode.RecordFormat;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.types.FlinkTypes;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * A bound {@code inline_source}: its rows, as CSV records, through Flink's bounded {@code fromData} source and the
 * connectors' own {@link RecordDecoder} (so a bad value is a bad record of {@code error.strategy}, as for any source).
 */
final class InlineSourceProvider extends SchemaBoundSourceProvider {
    private final String statement;
    private final String name;
    private final List<String> rows;
    private final ErrorStrategy errorStrategy;
    private final String shownOptions;

    InlineSourceProvider(String statement, String name, Schema schema, List<String> rows, ErrorStrategy errorStrategy,
                         String shownOptions) {
        super(schema, "columns");
        this.statement = statement;
        this.name = name;
        this.rows = List.copyOf(rows);
        this.errorStrategy = errorStrategy;
        this.shownOptions = shownOptions;
    }

    @Override
    public String describe() {
        return "inline_source " + name + " (" + rows.size() + " rows" + (shownOptions.isEmpty() ? "" : "; "
                + shownOptions) + ") -> fromData -> RecordDecoder";
    }

    @Override
    public boolean bounded() {
        return true;
    }

    /** Its rows are the whole table, read as they are. */
    @Override
    public TableRole tableRole() {
        return TableRole.TABLE;
    }

    @Override
    public DataStream<Row> build(StreamExecutionEnvironment env) {
        List<RawRecord> records = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            records.add(new RawRecord(rows.get(i), name, i + 1, -1, 0L, null, null));
        }
        DecoderSpec decoder = new DecoderSpec(statement, name, RecordFormat.CSV_NO_HEADER, ',', '"', schema(),
                errorStrategy);
        return env.fromData(records, RawRecord.typeInfo())
                .name(statement + ": inline_source " + name)
                .setParallelism(1)
                .process(new RecordDecoder(decoder), FlinkTypes.rowType(SystemColumns.withSystemColumns(schema())))
                .name(statement + ": decode " + name)
                .setParallelism(1);
    }
}
