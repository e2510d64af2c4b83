package dev.veloflink.connectors.jdbc;

import dev.veloflink.connectors.table.TableSource;
import dev.veloflink.connectors.table.TableSplit;
import dev.veloflink.connectors.table.TableSplitReader;
import dev.veloflink.dialect.types.Schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A {@code jdbc_source} as a {@link TableSource}: one split. Bulk is the table or query result, capped, with an
 * {@code incremental.column}, at the column's largest value when the load starts; incremental polls for rows beyond
 * the largest value seen, every {@code polling_interval}.
 */
public final class JdbcTableSource implements TableSource {
    private static final long serialVersionUID = 1L;
    static final String SPLIT_ID = "jdbc";

    private final JdbcSourceOptions options;
    private final Schema schema;

    public JdbcTableSource(JdbcSourceOptions options, Schema schema) {
        this.options = options;
        this.schema = schema;
    }

    public JdbcSourceOptions options() {
        return options;
    }

    @Override
    public String tableName() {
        return options.name();
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public boolean supportsIncremental() {
        return options.incrementalColumn() != null;
    }

    @Override
    public Duration pollingInterval() {
        return options.pollingInterval();
    }

    /** The bulk end: the incremental column's largest value now (empty when there is no column or no value). */
    @Override
    public List<TableSplit> captureSplits() throws Exception {
        if (options.incrementalColumn() == null) {
            return List.of(TableSplit.start(SPLIT_ID, "", 1));
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(" + options.incrementalColumn() + ") FROM "
                        + options.relation())) {
            rs.next();
            Object max = JdbcTypes.read(rs, 1, rs.getMetaData().getColumnType(1));
            return List.of(TableSplit.start(SPLIT_ID, max == null ? "" : JdbcTypes.encodeMarker(max), 1));
        }
    }

    @Override
    public TableSplitReader open(TableSplit split) throws Exception {
        return new JdbcSplitReader(options, schema, split);
    }

    Connection connect() throws java.sql.SQLException {
        return JdbcConnections.open(options.url(), options.user(), options.password());
    }
}
