package dev.veloflink.bench.scenarios;

import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.Scenario;
import dev.veloflink.bench.Target;
import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.bench.baseline.SingleTextFile;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The bulk load of a keyed table from a file: N customers (CREATE TABLE ... PRIMARY KEY from a CSV file) probed by
 * only {@link #PROBES} orders, so the job's time is the load into keyed state. The rows the harness counts are the
 * table's, so rows/s is the load rate. Baseline: {@link StreamTableJoin}'s keyed two-input join over the same files
 * (every customer into ValueState, the few orders buffered until their customer arrives).
 */
public final class FileTableLoad implements Scenario {
    /** How many orders probe the table: enough to see every part of the table was loaded, too few to cost time. */
    static final int PROBES = 10;
    private static final List<String> TIERS = List.of("gold", "silver", "bronze", "none");
    private static final long SEED = 20_261_127L;

    @Override
    public String name() {
        return "file_table_load";
    }

    @Override
    public long defaultRows(boolean quick) {
        return quick ? 300_000 : 2_000_000;
    }

    @Override
    public Optional<Target> target() {
        return Optional.of(new Target.MinRowsPerCore(1_000_000));
    }

    @Override
    public long generateInput(Path inputDir, long rows) throws IOException {
        writeCustomers(StreamTableJoin.customers(inputDir), rows);
        writeProbes(StreamTableJoin.orders(inputDir), rows);
        return rows;
    }

    /** {@code rows} customers with ids 0 .. rows-1, as StreamTableJoin's customers file. */
    static void writeCustomers(Path file, long rows) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(StreamTableJoin.CUSTOMERS_HEADER + "\n");
            for (long id = 0; id < rows; id++) {
                out.write(id + ",Customer " + Integer.toString(random.nextInt(1 << 30), 36) + ','
                        + TIERS.get(random.nextInt(TIERS.size())) + '\n');
            }
        }
    }

    /** Orders for customers spread over the whole table, the last one included, so a partial load is seen. */
    static void writeProbes(Path file, long tableRows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(StreamTableJoin.ORDERS_HEADER + "\n");
            for (int i = 0; i < PROBES; i++) {
                long customer = (tableRows - 1) * (i + 1) / PROBES;
                out.write(i + "," + customer + ',' + BigDecimal.valueOf(1000L + i, 2).toPlainString() + '\n');
            }
        }
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        return new StreamTableJoin().veloSql(inputDir, rows, output)
                .replace("bench_stream_table_join", "bench_" + name());
    }

    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        return StreamTableJoin.joinInFlinkSql(inputDir);
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        DataStream<StreamTableJoin.Order> orders = SingleTextFile.lines(env, StreamTableJoin.orders(inputDir),
                        StreamTableJoin.ORDERS_HEADER)
                .map(StreamTableJoin.Order::fromCsv).returns(StreamTableJoin.Order.class).setParallelism(1);
        DataStream<StreamTableJoin.Customer> customers = SingleTextFile.lines(env,
                        StreamTableJoin.customers(inputDir), StreamTableJoin.CUSTOMERS_HEADER)
                .map(StreamTableJoin.Customer::fromCsv).returns(StreamTableJoin.Customer.class).setParallelism(1);
        orders.keyBy(StreamTableJoin.Order::customerId, Types.LONG)
                .connect(customers.keyBy(StreamTableJoin.Customer::customerId, Types.LONG))
                .process(new StreamTableJoin.EnrichOrders()).returns(Types.STRING)
                .sinkTo(new LineFileSink(output, StreamTableJoin.HEADER)).setParallelism(1);
    }
}
