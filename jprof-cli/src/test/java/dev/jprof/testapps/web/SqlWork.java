package dev.jprof.testapps.web;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The work of the /sql endpoint: three known statements through JDBC on H2 in memory, one of them twice, with
 * literal values ({@code 4242}, {@code 'secret-name'}, {@code 77}) that a profile must not show.
 */
public final class SqlWork {
    private static final String URL = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";

    private SqlWork() {
    }

    public static void setUp() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items(id INT PRIMARY KEY, name VARCHAR(64), qty INT)");
            s.execute("INSERT INTO items VALUES (4242, 'secret-name', 1), (7, 'other', 2)");
        }
    }

    public static String run() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(URL)) {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT name FROM items WHERE id = 4242")) {
                while (r.next()) out.append(r.getString(1).length()).append(' ');
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE items SET qty = qty + ? WHERE name = 'secret-name'")) {
                p.setInt(1, 77);
                out.append(p.executeUpdate()).append(' ');
                p.setInt(1, 78);
                out.append(p.executeUpdate()).append(' ');
            }
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM items WHERE qty > ?")) {
                p.setInt(1, 77);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    out.append(r.getInt(1));
                }
            }
        }
        return "sql " + out + "\n";
    }
}
