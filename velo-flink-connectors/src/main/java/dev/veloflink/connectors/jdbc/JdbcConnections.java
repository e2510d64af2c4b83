package dev.veloflink.connectors.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.ServiceLoader;

/** Opens JDBC connections. */
final class JdbcConnections {

    private JdbcConnections() {
    }

    /**
     * Finds the driver through the thread's context class loader first: on a cluster the driver sits in the user
     * jar, which {@link DriverManager} (loaded by the system class loader) does not see.
     */
    static Connection open(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader != null) {
            for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
                if (driver.acceptsURL(url)) {
                    Connection connection = driver.connect(url, props);
                    if (connection != null) {
                        return connection;
                    }
                }
            }
        }
        return DriverManager.getConnection(url, props);
    }
}
