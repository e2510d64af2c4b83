package dev.veloflink.connectors.jdbc;

import dev.veloflink.dialect.types.Schema;
import dev.veloflink.dialect.types.VeloType;
import dev.veloflink.functions.text.TextForms;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Buffers rows and writes them in one transaction per flush. Keyed: the buffer keeps the latest change per key (an
 * upsert or a delete), written as UPDATE-then-INSERT-if-absent, or DELETE; UPDATE_BEFORE rows are not needed.
 * Keyless: INSERT and UPDATE_AFTER rows are inserted in a JDBC batch; DELETE and UPDATE_BEFORE rows are not written.
 */
final class JdbcSinkWriter implements SinkWriter<Row> {
    static final int BATCH = 1000;

    private final JdbcSinkOptions options;
    private final Schema schema;
    private final int[] keys;
    private final int[] values;
    private final Connection connection;
    private final String insertSql;
    private final String updateSql;
    private final String deleteSql;
    private final Map<List<Object>, Row> keyed = new LinkedHashMap<>();
    private final List<Row> appended = new ArrayList<>();

    JdbcSinkWriter(JdbcSinkOptions options, Schema schema, List<Integer> keyColumns) throws SQLException {
        this.options = options;
        this.schema = schema;
        this.keys = keyColumns.stream().mapToInt(Integer::intValue).toArray();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            if (!keyColumns.contains(i)) {
                rest.add(i);
            }
        }
        this.values = rest.stream().mapToInt(Integer::intValue).toArray();
        List<String> names = schema.names();
        this.insertSql = "INSERT INTO " + options.table() + " (" + String.join(", ", names) + ") VALUES ("
                + names.stream().map(n -> "?").collect(Collectors.joining(", ")) + ")";
        String where = keyColumns.stream().map(i -> names.get(i) + " = ?").collect(Collectors.joining(" AND "));
        this.updateSql = values.length == 0 ? null : "UPDATE " + options.table() + " SET "
                + rest.stream().map(i -> names.get(i) + " = ?").collect(Collectors.joining(", ")) + " WHERE " + where;
        this.deleteSql = "DELETE FROM " + options.table() + " WHERE " + where;
        this.connection = JdbcConnections.open(options.url(), options.user(), options.password());
        this.connection.setAutoCommit(false);
    }

    /**
     * Whether the target table exists, looked up as written and in upper and lower case (databases fold unquoted
     * names one way or the other).
     */
    boolean tableExists() throws SQLException {
        String table = options.table();
        String schemaName = null;
        int dot = table.lastIndexOf('.');
        if (dot > 0) {
            schemaName = table.substring(0, dot);
            table = table.substring(dot + 1);
        }
        java.sql.DatabaseMetaData meta = connection.getMetaData();
        for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT),
                table.toLowerCase(java.util.Locale.ROOT)}) {
            for (String inSchema : schemaName == null ? new String[] {null} : new String[] {schemaName,
                    schemaName.toUpperCase(java.util.Locale.ROOT), schemaName.toLowerCase(java.util.Locale.ROOT)}) {
                try (java.sql.ResultSet tables = meta.getTables(null, inSchema, name, null)) {
                    if (tables.next()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public void write(Row row, Context context) throws IOException {
        RowKind kind = row.getKind();
        if (keys.length == 0) {
            if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
                appended.add(Row.copy(row));
            }
        } else if (kind != RowKind.UPDATE_BEFORE) {
            List<Object> key = new ArrayList<>(keys.length);
            for (int k : keys) {
                key.add(row.getField(k));
            }
            // The latest change of a key wins, and moves to the end so changes of different keys keep their order.
            keyed.remove(key);
            keyed.put(key, Row.copy(row));
        }
        if (keyed.size() + appended.size() >= BATCH) {
            flush(false);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        if (keyed.isEmpty() && appended.isEmpty()) {
            return;
        }
        try {
            if (!appended.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
                    for (Row row : appended) {
                        bindAll(insert, row);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            if (!keyed.isEmpty()) {
                writeKeyed();
            }
            connection.commit();
            appended.clear();
            keyed.clear();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IOException("jdbc_sink '" + options.name() + "': writing to " + options.table() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private void writeKeyed() throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(insertSql);
                PreparedStatement update = updateSql == null ? null : connection.prepareStatement(updateSql);
                PreparedStatement delete = connection.prepareStatement(deleteSql)) {
            for (Row row : keyed.values()) {
                if (row.getKind() == RowKind.DELETE) {
                    bindKey(delete, row, 1);
                    delete.executeUpdate();
                    continue;
                }
                int updated = 0;
                if (update != null) {
                    for (int p = 0; p < values.length; p++) {
                        bind(update, p + 1, row.getField(values[p]), schema.column(values[p]).type());
                    }
                    bindKey(update, row, values.length + 1);
                    updated = update.executeUpdate();
                } else {
                    // Only key columns: the row exists or it does not.
                    bindKey(delete, row, 1);
                    delete.executeUpdate();
                }
                if (updated == 0) {
                    bindAll(insert, row);
                    insert.executeUpdate();
                }
            }
        }
    }

    private void bindAll(PreparedStatement statement, Row row) throws SQLException {
        for (int i = 0; i < schema.size(); i++) {
            bind(statement, i + 1, row.getField(i), schema.column(i).type());
        }
    }

    private void bindKey(PreparedStatement statement, Row row, int first) throws SQLException {
        for (int k = 0; k < keys.length; k++) {
            bind(statement, first + k, row.getField(keys[k]), schema.column(keys[k]).type());
        }
    }

    /** Binds a Velo value (runtime-values.md) with the JDBC type of its column type. */
    static void bind(PreparedStatement statement, int index, Object value, VeloType type) throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType(type));
        } else if (type instanceof VeloType.TimestampType) {
            statement.setTimestamp(index, new Timestamp((Long) value), JdbcTypes.utc());
        } else if (type instanceof VeloType.DateType) {
            statement.setDate(index, Date.valueOf(LocalDate.ofEpochDay((Integer) value)));
        } else if (type instanceof VeloType.TimeType) {
            statement.setObject(index, java.time.LocalTime.ofNanoOfDay((Integer) value * 1_000_000L));
        } else if (type instanceof VeloType.DecimalType) {
            statement.setBigDecimal(index, (BigDecimal) value);
        } else if (type instanceof VeloType.IntegerType) {
            statement.setInt(index, (Integer) value);
        } else if (type instanceof VeloType.BigintType || type instanceof VeloType.IntervalType) {
            statement.setLong(index, (Long) value);
        } else if (type instanceof VeloType.DoubleType) {
            statement.setDouble(index, (Double) value);
        } else if (type instanceof VeloType.BooleanType) {
            statement.setBoolean(index, (Boolean) value);
        } else if (type instanceof VeloType.StringType) {
            statement.setString(index, (String) value);
        } else {
            // ARRAY, MAP and STRUCT values are written as their text (JSON) form.
            statement.setString(index, TextForms.format(value, type));
        }
    }

    private static int sqlType(VeloType type) {
        if (type instanceof VeloType.TimestampType) {
            return java.sql.Types.TIMESTAMP;
        } else if (type instanceof VeloType.DateType) {
            return java.sql.Types.DATE;
        } else if (type instanceof VeloType.TimeType) {
            return java.sql.Types.TIME;
        } else if (type instanceof VeloType.DecimalType) {
            return java.sql.Types.DECIMAL;
        } else if (type instanceof VeloType.IntegerType) {
            return java.sql.Types.INTEGER;
        } else if (type instanceof VeloType.BigintType || type instanceof VeloType.IntervalType) {
            return java.sql.Types.BIGINT;
        } else if (type instanceof VeloType.DoubleType) {
            return java.sql.Types.DOUBLE;
        } else if (type instanceof VeloType.BooleanType) {
            return java.sql.Types.BOOLEAN;
        }
        return java.sql.Types.VARCHAR;
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
