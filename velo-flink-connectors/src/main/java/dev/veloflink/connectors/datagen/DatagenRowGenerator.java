package dev.veloflink.connectors.datagen;

import dev.veloflink.connectors.SystemColumns;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.types.Row;

import java.util.List;

/**
 * Turns a row index (Flink's DataGeneratorSource hands each reader a range of them) into a row: the schema's
 * columns, then the system columns ({@code _timestamp} = generation time, {@code _offset} = the row index, the
 * rest NULL). Everything but {@code _timestamp} depends only on (seed, index).
 */
public final class DatagenRowGenerator implements GeneratorFunction<Long, Row> {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final FieldGenerator[] generators;
    private transient SplitMix64 random;

    public DatagenRowGenerator(DatagenOptions options) {
        this.seed = options.seed();
        List<FieldGenerator> list = options.generators();
        this.generators = list.toArray(new FieldGenerator[0]);
    }

    @Override
    public Row map(Long index) {
        if (random == null) {
            random = new SplitMix64();
        }
        long i = index;
        random.reseed(seed, i);
        int columns = generators.length;
        // A new row each time: downstream operators run with object reuse and may hold on to what they emit.
        Row row = new Row(columns + SystemColumns.COUNT);
        for (int c = 0; c < columns; c++) {
            row.setField(c, generators[c].value(i, random));
        }
        row.setField(columns + SystemColumns.TIMESTAMP_OFFSET, System.currentTimeMillis());
        row.setField(columns + SystemColumns.OFFSET_OFFSET, i);
        return row;
    }
}
