package dev.veloflink.connectors.jdbc;

import dev.veloflink.connectors.TableRole;
import dev.veloflink.connectors.stop.StoppableSource;
import dev.veloflink.connectors.SchemaBoundSourceProvider;
import dev.veloflink.connectors.decode.ErrorStrategy;
import dev.veloflink.connectors.options.OptionReader;
import dev.veloflink.connectors.table.TableEnvelope;
import dev.veloflink.connectors.table.TableLoadGate;
import dev.veloflink.connectors.table.TableLoadSlots;
import dev.veloflink.connectors.table.TableLoadSource;
import dev.veloflink.dialect.types.Schema;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Row;

/**
 * One bound {@code jdbc_source}: a {@link TableLoadSource} over a {@link JdbcTableSource} (one split, parallelism 1),
 * taking its turn among the job's table loads ({@link TableLoadSlots}, SPEC §13.2), then a {@link TableLoadGate} that
 * counts the load and applies the error strategy. The stream {@link #build} returns
 * is the gate, so its {@code RecordDecoder.DEAD_LETTERS} and {@link TableLoadGate#BULK_DONE} side outputs are at hand.
 */
public final class JdbcSourceProvider extends SchemaBoundSourceProvider {
    private final String statement;
    private final JdbcSourceOptions options;
    private final ErrorStrategy errorStrategy;
    /** The application's {@code @max.parallel.loads}, or null (SPEC §13.2). */
    private final String appMaxParallelLoads;

    JdbcSourceProvider(String statement, JdbcSourceOptions options, Schema schema, String origin,
            ErrorStrategy errorStrategy, String appMaxParallelLoads) {
        super(schema, origin);
        this.appMaxParallelLoads = appMaxParallelLoads;
        this.statement = statement;
        this.options = options;
        this.errorStrategy = errorStrategy;
    }

    public JdbcSourceOptions options() {
        return options;
    }

    @Override
    public String describe() {
        return "jdbc_source " + options.name() + ": " + (options.table() != null ? "table " + options.table()
                : "query '" + options.query() + "'") + " at " + options.printableUrl()
                + (options.user() == null ? "" : ", user " + options.user())
                + (options.password() == null ? "" : ", password ****")
                + (options.incrementalColumn() == null ? ", bounded"
                        : ", incremental on " + options.incrementalColumn() + " every "
                                + OptionReader.durationText(options.pollingInterval()))
                + " [TableLoadSource(JdbcTableSource) -> TableLoadGate]";
    }

    @Override
    public boolean bounded() {
        return options.bounded();
    }

    public JdbcTableSource tableSource() {
        return new JdbcTableSource(options, schema());
    }

    @Override
    public SingleOutputStreamOperator<Row> build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<Row> envelopes = env.fromSource(StoppableSource.of(new TableLoadSource(tableSource(),
                        TableLoadSlots.slot(env, appMaxParallelLoads))),
                WatermarkStrategy.noWatermarks(), "jdbc_source " + options.name(), TableEnvelope.typeInfo(schema()))
                .setParallelism(1);
        return envelopes.process(new TableLoadGate(statement, options.name(), errorStrategy, schema()))
                .name("load " + options.name()).setParallelism(1);
    }

    /** A JDBC table or query is a table wherever one is wanted, read as it is (bulk, then incremental). */
    @Override
    public TableRole tableRole() {
        return TableRole.TABLE;
    }
}
