package dev.veloflink.connectors.decode;

import dev.veloflink.functions.metrics.VeloCounters;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts rows that reach a statement without a decoder as {@code velo_records_in_total{statement,source}}: generated
 * datagen rows and rows read in-process from another statement. Without it the run summary said {@code 0 records in}.
 */
public final class InputRowCounter extends ProcessFunction<Row, Row> {
    private final String statement;
    private final String source;
    private transient Counter recordsIn;

    public InputRowCounter(String statement, String source) {
        this.statement = statement;
        this.source = source;
    }

    @Override
    public void open(OpenContext openContext) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("statement", statement);
        labels.put("source", source);
        recordsIn = VeloCounters.counter(getRuntimeContext(), RecordDecoder.RECORDS_IN, labels);
    }

    @Override
    public void processElement(Row row, Context ctx, Collector<Row> out) {
        recordsIn.inc();
        out.collect(row);
    }
}
