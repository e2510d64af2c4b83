package dev.veloflink.bench.scenarios;

import dev.veloflink.bench.FlinkSql;
import dev.veloflink.bench.Scenario;
import dev.veloflink.bench.Target;
import dev.veloflink.bench.baseline.LineFileSink;
import dev.veloflink.bench.baseline.SingleTextFile;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A stream enriched from a keyed table: orders joined with 100,000 customers loaded from a file (CREATE TABLE ...
 * PRIMARY KEY). Every order's customer exists, so the INNER join writes one row per order. Baseline: the keyed
 * two-input join a Flink developer writes, the customer in ValueState and orders that arrive before their customer
 * buffered in ListState (velo loads the table first, the baseline reads both files at once and needs no such order).
 */
public final class StreamTableJoin implements Scenario {
    static final int CUSTOMERS = 100_000;
    static final String ORDERS_HEADER = "order_id,customer_id,amount";
    static final String CUSTOMERS_HEADER = "customer_id,name,tier";
    static final String HEADER = "order_id,customer_id,customer_name,tier,amount";
    private static final List<String> TIERS = List.of("gold", "silver", "bronze", "none");
    private static final long SEED = 20_240_808L;

    @Override
    public String name() {
        return "stream_table_join";
    }

    @Override
    public long defaultRows(boolean quick) {
        return quick ? 200_000 : 1_000_000;
    }

    @Override
    public Optional<Target> target() {
        return Optional.of(new Target.MinRowsPerCore(500_000));
    }

    static Path orders(Path dir) {
        return dir.resolve("orders.csv");
    }

    static Path customers(Path dir) {
        return dir.resolve("customers.csv");
    }

    @Override
    public long generateInput(Path inputDir, long rows) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        try (BufferedWriter out = Files.newBufferedWriter(customers(inputDir), StandardCharsets.UTF_8)) {
            out.write(CUSTOMERS_HEADER + "\n");
            for (int id = 0; id < CUSTOMERS; id++) {
                out.write(id + ",Customer " + Integer.toString(random.nextInt(1 << 30), 36) + ','
                        + TIERS.get(random.nextInt(TIERS.size())) + '\n');
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(orders(inputDir), StandardCharsets.UTF_8)) {
            out.write(ORDERS_HEADER + "\n");
            for (long i = 0; i < rows; i++) {
                out.write(i + "," + random.nextInt(CUSTOMERS) + ','
                        + BigDecimal.valueOf(random.nextInt(1, 1_000_000), 2).toPlainString() + '\n');
            }
        }
        return rows;
    }

    @Override
    public String veloSql(Path inputDir, long rows, Path output) {
        return """
                -- @app: bench_stream_table_join
                -- @name: load_customers
                CREATE TABLE customers_by_id AS
                SELECT customer_id PRIMARY KEY, name, tier
                FROM customers
                WITH (
                    'customers.type' = 'file_source',
                    'customers.path' = '%s',
                    'customers.format' = 'csv',
                    'customers.columns' = 'customer_id BIGINT, name STRING, tier STRING'
                );

                -- @name: enrich_orders
                CREATE STREAM out AS
                SELECT o.order_id, o.customer_id, c.name AS customer_name, c.tier, o.amount
                FROM orders o
                JOIN customers_by_id c ON o.customer_id = c.customer_id
                WITH (
                    'orders.type' = 'file_source',
                    'orders.path' = '%s',
                    'orders.format' = 'csv',
                    'orders.columns' = 'order_id BIGINT, customer_id BIGINT, amount DECIMAL(8,2)',
                    'out.type' = 'file_sink',
                    'out.path' = '%s',
                    'out.format' = 'csv'
                );
                """.formatted(VeloApps.path(customers(inputDir)), VeloApps.path(orders(inputDir)),
                VeloApps.path(output));
    }

    public record Order(long orderId, long customerId, BigDecimal amount) implements Serializable {
        static Order fromCsv(String line) {
            int a = line.indexOf(',');
            int b = line.indexOf(',', a + 1);
            return new Order(Long.parseLong(line, 0, a, 10), Long.parseLong(line, a + 1, b, 10),
                    new BigDecimal(line.substring(b + 1)).setScale(2, RoundingMode.HALF_UP));
        }
    }

    public record Customer(long customerId, String name, String tier) implements Serializable {
        static Customer fromCsv(String line) {
            int a = line.indexOf(',');
            int b = line.indexOf(',', a + 1);
            return new Customer(Long.parseLong(line, 0, a, 10), line.substring(a + 1, b), line.substring(b + 1));
        }
    }

    /** The same INNER join; the customers table declares its primary key, as velo's CREATE TABLE does. */
    @Override
    public FlinkSql flinkSql(Path inputDir, long rows) {
        return joinInFlinkSql(inputDir);
    }

    /** Shared with {@link FileTableLoad}, which reads files of the same form. */
    static FlinkSql joinInFlinkSql(Path inputDir) {
        FlinkSql.HeaderlessCopy customers = FlinkSql.HeaderlessCopy.of(customers(inputDir));
        FlinkSql.HeaderlessCopy orders = FlinkSql.HeaderlessCopy.of(orders(inputDir));
        return new FlinkSql.Expressed(List.of(
                FlinkSql.fileTable("customers", "customer_id BIGINT, name STRING, tier STRING,\n"
                        + "  PRIMARY KEY (customer_id) NOT ENFORCED", customers.copy(), "csv"),
                FlinkSql.fileTable("orders", "order_id BIGINT, customer_id BIGINT, amount DECIMAL(8,2)",
                        orders.copy(), "csv")), """
                SELECT o.order_id, o.customer_id, c.name AS customer_name, c.tier, o.amount
                FROM orders o
                JOIN customers c ON o.customer_id = c.customer_id""",
                FlinkSql.columns("order_id BIGINT, customer_id BIGINT, customer_name STRING, tier STRING, "
                        + "amount DECIMAL(8,2)"), FlinkSql.OutputForm.CSV, List.of(customers, orders));
    }

    @Override
    public void addBaseline(StreamExecutionEnvironment env, Path inputDir, long rows, Path output) {
        DataStream<Order> orders = SingleTextFile.lines(env, orders(inputDir), ORDERS_HEADER)
                .map(Order::fromCsv).returns(Order.class).setParallelism(1);
        DataStream<Customer> customers = SingleTextFile.lines(env, customers(inputDir), CUSTOMERS_HEADER)
                .map(Customer::fromCsv).returns(Customer.class).setParallelism(1);
        orders.keyBy(Order::customerId, Types.LONG)
                .connect(customers.keyBy(Customer::customerId, Types.LONG))
                .process(new EnrichOrders()).returns(Types.STRING)
                .sinkTo(new LineFileSink(output, HEADER)).setParallelism(1);
    }

    static final class EnrichOrders extends KeyedCoProcessFunction<Long, Order, Customer, String> {
        private transient ValueState<Customer> customer;
        private transient ListState<Order> waiting;

        @Override
        public void open(OpenContext context) {
            customer = getRuntimeContext().getState(new ValueStateDescriptor<>("customer", Customer.class));
            waiting = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting", Order.class));
        }

        @Override
        public void processElement1(Order order, Context ctx, Collector<String> out) throws Exception {
            Customer c = customer.value();
            if (c == null) {
                waiting.add(order);
            } else {
                out.collect(line(order, c));
            }
        }

        @Override
        public void processElement2(Customer c, Context ctx, Collector<String> out) throws Exception {
            customer.update(c);
            for (Order order : waiting.get()) {
                out.collect(line(order, c));
            }
            waiting.clear();
        }

        private static String line(Order o, Customer c) {
            return new StringBuilder(64).append(o.orderId()).append(',').append(o.customerId()).append(',')
                    .append(c.name()).append(',').append(c.tier()).append(',').append(o.amount().toPlainString())
                    .toString();
        }
    }
}
