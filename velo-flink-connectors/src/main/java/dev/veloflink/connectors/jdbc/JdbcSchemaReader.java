package dev.veloflink.connectors.jdbc;

import dev.veloflink.dialect.types.Column;
import dev.veloflink.dialect.types.Schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Infers a {@code jdbc_source}'s schema from the result set metadata of its table or query (docs/jdbc.md). */
final class JdbcSchemaReader {

    private JdbcSchemaReader() {
    }

    /**
     * The result's columns, in result order, with their Velo types. A name the database reports all in upper case
     * (the way Derby and Oracle fold unquoted identifiers) is lower-cased; other names are kept as they are.
     */
    static Schema infer(JdbcSourceOptions options) throws SQLException {
        try (Connection connection = JdbcConnections.open(options.url(), options.user(), options.password());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + options.relation() + " WHERE 1 = 0")) {
            return schemaOf(rs.getMetaData());
        }
    }

    static Schema schemaOf(ResultSetMetaData meta) throws SQLException {
        List<Column> columns = new ArrayList<>(meta.getColumnCount());
        for (int r = 1; r <= meta.getColumnCount(); r++) {
            String label = meta.getColumnLabel(r);
            String name = label.equals(label.toUpperCase(Locale.ROOT)) ? label.toLowerCase(Locale.ROOT) : label;
            columns.add(new Column(name, JdbcTypes.veloType(meta.getColumnType(r), meta.getPrecision(r),
                    meta.getScale(r))));
        }
        return new Schema(columns);
    }
}
