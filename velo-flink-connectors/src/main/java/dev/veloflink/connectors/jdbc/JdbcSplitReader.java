package dev.veloflink.connectors.jdbc;

import dev.veloflink.connectors.table.BulkProgress;
import dev.veloflink.connectors.table.CircuitBreaker;
import dev.veloflink.connectors.table.TableEnvelope;
import dev.veloflink.connectors.table.TablePhase;
import dev.veloflink.connectors.table.TableSplit;
import dev.veloflink.connectors.table.TableSplitReader;
import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.types.Row;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Reads the one split of a {@code jdbc_source}. Positions:
 * <ul>
 *   <li>bulk: {@code rowsRead} result rows were consumed; a restore runs the same query again and skips them (the
 *       bulk query orders by the incremental column, then by every orderable column, so the order is stable; a
 *       {@code query} without an incremental column keeps its own ORDER BY);</li>
 *   <li>incremental: {@code <count>|<value>}: the largest incremental-column value seen, and how many rows with
 *       exactly that value were emitted by the poll under way ({@code -1} once a poll is complete, meaning "strictly
 *       greater"), so a checkpoint in the middle of a poll resumes at the next row; empty when no value was seen.</li>
 * </ul>
 * The n-th result row (from 1, across both phases) has position {@code <table|query>#<n>} and {@code _offset} n.
 */
final class JdbcSplitReader implements TableSplitReader {
    private static final int FETCH_SIZE = 512;

    private final JdbcSourceOptions options;
    private final Schema schema;
    private final TableSplit initial;
    private final CircuitBreaker breaker;
    /** Opened on first use and again after a failure, through the {@link #breaker}. */
    private Connection connection;

    private TablePhase phase;
    private long rowsRead;
    /** Incremental: the largest incremental-column value emitted (encoded), or null. */
    private String lastMarker;
    /** Incremental: rows emitted with exactly {@link #lastMarker} in the poll under way, or -1 between polls. */
    private long lastCount;

    private PreparedStatement statement;
    private ResultSet rs;
    private int[] sqlTypes;
    private String[] labels;
    /** For each schema column, its result column (1-based), or 0 when the result lacks it. */
    private int[] resultIndex;
    private int incrementalIndex;
    /** Rows with exactly {@link #lastMarker} still to skip at the start of a restored poll. */
    private long skipEqual;

    JdbcSplitReader(JdbcSourceOptions options, Schema schema, TableSplit split) {
        this(options, schema, split, System::currentTimeMillis);
    }

    /** @param clock the circuit breaker's clock in milliseconds (tests advance their own instead of sleeping) */
    JdbcSplitReader(JdbcSourceOptions options, Schema schema, TableSplit split, LongSupplier clock) {
        this.options = options;
        this.schema = schema;
        this.initial = split;
        this.phase = split.phase();
        this.rowsRead = split.rowsRead();
        if (phase == TablePhase.INCREMENTAL) {
            restoreIncremental(split.position());
        }
        this.breaker = new CircuitBreaker("jdbc_source '" + options.name() + "'", options.circuit(), clock);
    }

    private void restoreIncremental(String position) {
        if (position.isEmpty()) {
            lastMarker = null;
            lastCount = -1;
        } else {
            int bar = position.indexOf('|');
            lastCount = Long.parseLong(position.substring(0, bar));
            lastMarker = position.substring(bar + 1);
        }
    }

    /**
     * Reads through the circuit breaker. A failure that is not about a value (SQLSTATE class 22 values become bad
     * records) drops the connection; the position is exact after every emitted row, so the next attempt reconnects
     * and re-runs the query from there, as a restore would. Refused or failed, the call reports NOTHING_NEW and the
     * reader tries again after its polling interval, so checkpoints are never held up by the backoff.
     */
    @Override
    public Status read(Consumer<Row> out, int maxRows) throws Exception {
        if (!breaker.tryAcquire()) {
            return Status.NOTHING_NEW;
        }
        try {
            if (connection == null) {
                connection = JdbcConnections.open(options.url(), options.user(), options.password());
                // Each query in a transaction of its own (committed when its result is read): PostgreSQL's driver
                // honours the fetch size only then, and otherwise holds a table's whole result in memory.
                connection.setAutoCommit(false);
            }
            Status status = readConnected(out, maxRows);
            breaker.onSuccess();
            return status;
        } catch (SQLException e) {
            if (isDataException(e)) {
                throw e;
            }
            disconnect();
            breaker.onFailure(e);
            return Status.NOTHING_NEW;
        }
    }

    /** Result rows read: the size of a query's result is not known before it has been read. */
    @Override
    public BulkProgress bulkProgress() {
        return new BulkProgress(options.table() != null ? options.table() : options.name(), rowsRead, -1);
    }

    @Override
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /** Forgets the connection and the query under way; the next read reconnects and re-runs it from the position. */
    private void disconnect() {
        Connection lost = connection;
        connection = null;
        rs = null;
        statement = null;
        if (lost != null) {
            try {
                lost.close();
            } catch (SQLException ignored) {
                // The connection is broken already.
            }
        }
    }

    private Status readConnected(Consumer<Row> out, int maxRows) throws Exception {
        if (phase == TablePhase.BULK) {
            return readBulk(out, maxRows);
        }
        if (options.incrementalColumn() == null) {
            return Status.END;
        }
        return readIncremental(out, maxRows);
    }

    private Status readBulk(Consumer<Row> out, int maxRows) throws SQLException {
        if (rs == null) {
            String incremental = options.incrementalColumn();
            String sql;
            if (incremental == null) {
                // A query keeps its own ORDER BY; a table is ordered by all its columns, so a restore skips the same rows.
                sql = options.table() != null ? "SELECT * FROM " + options.table() + orderBy(null) : options.query();
            } else if (initial.bulkEnd().isEmpty()) {
                sql = "SELECT * FROM " + options.relation() + " WHERE " + incremental + " IS NULL" + orderBy(null);
            } else {
                sql = "SELECT * FROM " + options.relation() + " WHERE " + incremental + " <= ? OR " + incremental
                        + " IS NULL" + orderBy(incremental);
            }
            execute(sql, incremental != null && !initial.bulkEnd().isEmpty() ? initial.bulkEnd() : null);
            // A restored bulk phase: the rows before the position were emitted already.
            for (long i = 0; i < rowsRead && rs.next(); i++) {
                // skipped
            }
        }
        for (int emitted = 0; emitted < maxRows; emitted++) {
            if (!rs.next()) {
                closeQuery();
                phase = TablePhase.INCREMENTAL;
                lastMarker = initial.bulkEnd().isEmpty() ? null : initial.bulkEnd();
                lastCount = -1;
                return Status.BULK_END;
            }
            rowsRead++;
            out.accept(envelope(TablePhase.BULK));
        }
        return Status.MORE;
    }

    private Status readIncremental(Consumer<Row> out, int maxRows) throws SQLException {
        String column = options.incrementalColumn();
        if (rs == null) {
            String base = "SELECT * FROM " + options.relation() + " WHERE " + column;
            String order = orderBy(column);
            if (lastMarker == null) {
                execute(base + " IS NOT NULL" + order, null);
                skipEqual = 0;
            } else if (lastCount >= 0) {
                execute(base + " >= ?" + order, lastMarker);
                skipEqual = lastCount;
            } else {
                execute(base + " > ?" + order, lastMarker);
                skipEqual = 0;
            }
        }
        int emitted = 0;
        while (emitted < maxRows) {
            if (!rs.next()) {
                closeQuery();
                lastCount = -1;
                return Status.NOTHING_NEW;
            }
            String marker = JdbcTypes.encodeMarker(JdbcTypes.read(rs, incrementalIndex, sqlTypes[incrementalIndex]));
            if (marker.equals(lastMarker)) {
                if (skipEqual > 0) {
                    skipEqual--;
                    continue;
                }
                lastCount = Math.max(lastCount, 0) + 1;
            } else {
                lastMarker = marker;
                lastCount = 1;
            }
            skipEqual = 0;
            rowsRead++;
            emitted++;
            out.accept(envelope(TablePhase.INCREMENTAL));
        }
        return Status.MORE;
    }

    /**
     * {@code ORDER BY} the incremental column (when given), then every result column that can be ordered, by
     * position: rows with equal incremental values then come in the same order in every query, which is what lets a
     * restore skip exactly the rows already emitted. Reads the result's metadata on first use.
     */
    private String orderBy(String first) throws SQLException {
        if (resultIndex == null) {
            try (PreparedStatement probe = connection.prepareStatement("SELECT * FROM " + options.relation()
                    + " WHERE 1 = 0"); ResultSet empty = probe.executeQuery()) {
                mapColumns(empty.getMetaData());
            }
        }
        List<String> keys = new ArrayList<>();
        if (first != null) {
            keys.add(first);
        }
        for (int r = 1; r < labels.length; r++) {
            if (orderable(sqlTypes[r])) {
                keys.add(Integer.toString(r));
            }
        }
        return keys.isEmpty() ? "" : " ORDER BY " + String.join(", ", keys);
    }

    private static boolean orderable(int sqlType) {
        return switch (sqlType) {
            case java.sql.Types.BLOB, java.sql.Types.CLOB, java.sql.Types.NCLOB, java.sql.Types.LONGVARCHAR,
                    java.sql.Types.LONGNVARCHAR, java.sql.Types.LONGVARBINARY, java.sql.Types.BINARY,
                    java.sql.Types.VARBINARY, java.sql.Types.OTHER, java.sql.Types.JAVA_OBJECT,
                    java.sql.Types.ARRAY, java.sql.Types.STRUCT, java.sql.Types.SQLXML, java.sql.Types.REF,
                    java.sql.Types.DATALINK, java.sql.Types.DISTINCT -> false;
            default -> true;
        };
    }

    private void execute(String sql, String marker) throws SQLException {
        statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(FETCH_SIZE);
        if (marker != null) {
            JdbcTypes.bindMarker(statement, 1, marker);
        }
        rs = statement.executeQuery();
        if (resultIndex == null) {
            mapColumns(rs.getMetaData());
        }
    }

    private void mapColumns(ResultSetMetaData meta) throws SQLException {
        int count = meta.getColumnCount();
        sqlTypes = new int[count + 1];
        labels = new String[count + 1];
        resultIndex = new int[schema.size()];
        incrementalIndex = 0;
        for (int r = 1; r <= count; r++) {
            sqlTypes[r] = meta.getColumnType(r);
            labels[r] = meta.getColumnLabel(r);
            int column = schema.indexOf(labels[r]);
            if (column >= 0 && resultIndex[column] == 0) {
                resultIndex[column] = r;
            }
            if (options.incrementalColumn() != null && incrementalIndex == 0
                    && labels[r].toLowerCase(Locale.ROOT).equals(
                            unquote(options.incrementalColumn()).toLowerCase(Locale.ROOT))) {
                incrementalIndex = r;
            }
        }
        if (options.incrementalColumn() != null && incrementalIndex == 0) {
            // Not an SQLException: a configuration error, which no retry can mend.
            throw new IllegalStateException("jdbc_source '" + options.name() + "': incremental.column '"
                    + options.incrementalColumn() + "' is not a column of the result");
        }
    }

    /** The current result row as an envelope: a good row, or a bad record when a value does not convert. */
    private Row envelope(TablePhase rowPhase) throws SQLException {
        String position = options.positionName() + "#" + rowsRead;
        int n = schema.size();
        Object[] raw = new Object[labels.length];
        for (int r = 1; r < labels.length; r++) {
            try {
                raw[r] = JdbcTypes.read(rs, r, sqlTypes[r]);
            } catch (SQLException e) {
                if (!isDataException(e)) {
                    throw e;
                }
                return TableEnvelope.bad(n, position, "decode_error", "column '" + labels[r] + "': "
                        + e.getMessage(), recordText(raw));
            }
        }
        Row row = TableEnvelope.row(n, rowPhase, rowsRead, System.currentTimeMillis(), position);
        for (int i = 0; i < n; i++) {
            Column column = schema.column(i);
            Object value = resultIndex[i] == 0 ? null : raw[resultIndex[i]];
            Object converted;
            try {
                converted = JdbcTypes.toVelo(value, column.type());
            } catch (IllegalArgumentException | ArithmeticException e) {
                return TableEnvelope.bad(n, position, "type_error", "column '" + column.name() + "': "
                        + e.getMessage(), recordText(raw));
            }
            if (converted == null && !column.nullable()) {
                return TableEnvelope.bad(n, position, "null_violation", "column '" + column.name()
                        + "' is NOT NULL but the value is NULL", recordText(raw));
            }
            row.setField(i, converted);
        }
        return row;
    }

    /** SQLSTATE class 22: the value, not the connection, is at fault. */
    private static boolean isDataException(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("22");
    }

    /** The raw row as a JSON object of texts, for dead letters. */
    private String recordText(Object[] raw) {
        StringBuilder json = new StringBuilder("{");
        for (int r = 1; r < labels.length; r++) {
            if (r > 1) {
                json.append(',');
            }
            TextForms.appendJsonString(json, labels[r]);
            json.append(':');
            if (raw[r] == null) {
                json.append("null");
            } else {
                TextForms.appendJsonString(json, JdbcTypes.text(raw[r]));
            }
        }
        return json.append('}').toString();
    }

    private static String unquote(String identifier) {
        return identifier.length() > 1 && identifier.startsWith("\"") && identifier.endsWith("\"")
                ? identifier.substring(1, identifier.length() - 1) : identifier;
    }

    @Override
    public TableSplit position() {
        if (phase == TablePhase.BULK) {
            return initial.at(TablePhase.BULK, "", rowsRead);
        }
        String position = lastMarker == null ? "" : lastCount + "|" + lastMarker;
        return initial.at(TablePhase.INCREMENTAL, position, rowsRead);
    }

    private void closeQuery() throws SQLException {
        try {
            if (rs != null) {
                rs.close();
            }
            if (statement != null) {
                statement.close();
            }
        } finally {
            rs = null;
            statement = null;
        }
        if (connection != null && !connection.getAutoCommit()) {
            connection.commit();
        }
    }

    @Override
    public void close() throws Exception {
        if (connection == null) {
            return;
        }
        try {
            closeQuery();
        } finally {
            connection.close();
            connection = null;
        }
    }
}
