package dev.jprof.bench.workload;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The second workload nobody here wrote: the H2 database (from Maven Central, on the class path) running SQL in
 * this JVM through JDBC. Each iteration creates a fresh in-memory database, loads customers and orders generated
 * from a fixed seed, indexes them, and runs joins, aggregations, range scans, point lookups, an update and a
 * delete; the same data and statements every time, so every iteration's checksum of the results is the same.
 *
 * <pre>
 * java -cp jprof-bench/target/classes:h2.jar dev.jprof.bench.workload.H2Driver ITERATIONS [--orders N] [--times FILE]
 * </pre>
 *
 * The time of each iteration in milliseconds goes to stdout and, with {@code --times}, one number per line to
 * FILE (as {@link JavacDriver} does). Exits 1 if the checksums of two iterations differ.
 */
public final class H2Driver {
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    private static final int DAYS = 730;
    private static final String[] STATUS = {"open", "paid", "shipped", "returned"};

    private H2Driver() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: H2Driver ITERATIONS [--orders N] [--times FILE]");
            System.exit(2);
        }
        int iterations = Integer.parseInt(args[0]);
        int orders = 200_000;
        Path timesFile = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--orders" -> orders = Integer.parseInt(args[++i]);
                case "--times" -> timesFile = Path.of(args[++i]);
                default -> {
                    System.err.println("H2Driver: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        List<String> times = new ArrayList<>();
        Long expected = null;
        for (int iteration = 0; iteration < iterations; iteration++) {
            long start = System.nanoTime();
            long checksum;
            // a private in-memory database per connection: gone when it closes
            try (Connection c = DriverManager.getConnection("jdbc:h2:mem:", "sa", "")) {
                checksum = run(c, orders);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (expected != null && checksum != expected) {
                System.err.println("H2Driver: iteration " + (iteration + 1) + " checksum " + checksum + " differs from " + expected);
                System.exit(1);
            }
            expected = checksum;
            times.add(Long.toString(millis));
            System.out.println("h2 iteration " + (iteration + 1) + "/" + iterations + ": " + orders + " orders, checksum "
                    + checksum + " in " + millis + " ms");
        }
        if (timesFile != null) Files.write(timesFile, times, StandardCharsets.UTF_8);
    }

    static long run(Connection c, int orders) throws SQLException {
        int customers = Math.max(1, orders / 10);
        SplittableRandom random = new SplittableRandom(42);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customer(id INT PRIMARY KEY, name VARCHAR(40), region INT, score DOUBLE)");
            s.execute("CREATE TABLE orders(id INT PRIMARY KEY, customer_id INT, amount DECIMAL(12,2), placed DATE, status VARCHAR(10))");
        }
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO customer VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < customers; i++) {
                p.setInt(1, i);
                p.setString(2, "customer-" + Integer.toString(random.nextInt(1 << 30), 36));
                p.setInt(3, random.nextInt(12));
                p.setDouble(4, random.nextDouble() * 100);
                p.addBatch();
                if (i % 1000 == 999) p.executeBatch();
            }
            p.executeBatch();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < orders; i++) {
                p.setInt(1, i);
                p.setInt(2, random.nextInt(customers));
                p.setBigDecimal(3, java.math.BigDecimal.valueOf(random.nextInt(100_000), 2));
                p.setDate(4, Date.valueOf(FIRST_DAY.plusDays(random.nextInt(DAYS))));
                p.setString(5, STATUS[random.nextInt(STATUS.length)]);
                p.addBatch();
                if (i % 1000 == 999) p.executeBatch();
            }
            p.executeBatch();
        }
        c.commit();
        long sum = 0;
        try (Statement s = c.createStatement()) {
            s.execute("CREATE INDEX orders_customer ON orders(customer_id)");
            s.execute("CREATE INDEX orders_day ON orders(placed)");
            sum += checksum(s.executeQuery("SELECT c.region, COUNT(*), SUM(o.amount), AVG(o.amount) FROM orders o"
                    + " JOIN customer c ON o.customer_id = c.id GROUP BY c.region ORDER BY c.region"));
            sum += checksum(s.executeQuery("SELECT c.name, SUM(o.amount) AS total FROM orders o JOIN customer c ON o.customer_id = c.id"
                    + " GROUP BY c.id, c.name ORDER BY total DESC, c.id LIMIT 50"));
            sum += checksum(s.executeQuery("SELECT status, EXTRACT(MONTH FROM placed) AS m, COUNT(*), MAX(amount) FROM orders"
                    + " GROUP BY status, m ORDER BY status, m"));
            sum += checksum(s.executeQuery("SELECT COUNT(*) FROM customer c WHERE c.score > 50 AND EXISTS"
                    + " (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.amount > 900)"));
        }
        try (PreparedStatement p = c.prepareStatement("SELECT status, COUNT(*), SUM(amount) FROM orders WHERE placed BETWEEN ? AND ?"
                + " GROUP BY status ORDER BY status")) {
            for (int k = 0; k < 40; k++) {
                p.setDate(1, Date.valueOf(FIRST_DAY.plusDays(k * 17L)));
                p.setDate(2, Date.valueOf(FIRST_DAY.plusDays(k * 17L + 30)));
                sum += checksum(p.executeQuery());
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT id, amount, placed FROM orders WHERE customer_id = ? ORDER BY id")) {
            for (int k = 0; k < customers; k += 3) {
                p.setInt(1, k);
                sum += checksum(p.executeQuery());
            }
        }
        try (Statement s = c.createStatement()) {
            sum += s.executeUpdate("UPDATE orders SET status = 'late' WHERE placed < DATE '2024-04-01' AND status = 'open'");
            sum += s.executeUpdate("DELETE FROM orders WHERE amount < 5");
            sum += checksum(s.executeQuery("SELECT status, COUNT(*) FROM orders GROUP BY status ORDER BY status"));
        }
        c.commit();
        return sum;
    }

    /** A checksum of every value of a result, in order (string forms, so decimals and dates count exactly). */
    private static long checksum(ResultSet rs) throws SQLException {
        long h = 0;
        try (rs) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    String v = rs.getString(i);
                    h = h * 31 + (v == null ? 0 : v.hashCode());
                }
            }
        }
        return h;
    }
}
