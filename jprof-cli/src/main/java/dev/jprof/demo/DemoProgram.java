package dev.jprof.demo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The program {@code jprof demo} profiles: a few seconds of work whose answer is known.
 *
 * <p>The main thread handles batches of orders. Of its CPU time, 50% goes to {@link #parseOrders},
 * 30% to {@link #computePrices} and 20% to {@link #writeReport}. The split is kept by measuring the
 * thread's CPU time (whichever step is furthest below its share runs next, on a batch of random
 * size so that the steps do not follow each other in step with the sampler), so it does not depend
 * on the machine or the JIT, and it is printed at the end for comparison with the profile.
 *
 * <p>Two more threads do not run at all, which only a wall-clock profile shows: "cache-refresher" sleeps
 * while holding the cache lock (in {@link #refreshCache}), and "report-reader" waits for that lock (in
 * {@link #readCache}), blocked the whole time.
 *
 * <p>Run it alone with {@code java -cp jprof.jar dev.jprof.demo.DemoProgram [seconds]} (3 by default).
 */
public final class DemoProgram {
    static final String[] STEPS = {"parseOrders", "computePrices", "writeReport"};
    static final double[] SHARES = {0.50, 0.30, 0.20};

    private static final Object CACHE_LOCK = new Object();
    private static volatile long sink;

    private DemoProgram() {
    }

    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        long end = System.nanoTime() + (long) (seconds * 1e9);

        CountDownLatch locked = new CountDownLatch(1);
        Thread refresher = new Thread(() -> refreshCache(locked, end), "cache-refresher");
        refresher.start();
        locked.await();
        Thread reader = new Thread(DemoProgram::readCache, "report-reader");
        reader.start();

        long[] cpu = handleOrders(end);

        refresher.join();
        reader.join();
        long total = cpu[0] + cpu[1] + cpu[2];
        System.out.println("jprof demo program: " + String.format(Locale.ROOT, "%.1f", seconds)
                + " s, main thread's CPU time split between three steps:");
        for (int i = 0; i < STEPS.length; i++) {
            System.out.printf(Locale.ROOT, "  %-14s %5.1f%%  (%d ms, aimed at %.0f%%)%n", STEPS[i],
                    100.0 * cpu[i] / total, cpu[i] / 1_000_000, 100 * SHARES[i]);
        }
        System.out.println("and two threads that never run (wall mode shows them):");
        System.out.println("  cache-refresher  sleeps while holding the cache lock  (TIMED_WAITING in refreshCache)");
        System.out.println("  report-reader    waits for that lock                   (BLOCKED in readCache)");
    }

    /** Runs the three steps in small batches until the end, keeping their shares of this thread's CPU time. */
    static long[] handleOrders(long endNanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] spent = new long[3];
        long total = 0;
        List<String> orders = new ArrayList<>();
        long[] prices = new long[0];
        while (System.nanoTime() < endNanos) {
            int step = furthestBelowShare(spent, total);
            long before = threads.getCurrentThreadCpuTime();
            switch (step) {
                case 0 -> orders = parseOrders(ThreadLocalRandom.current().nextInt(1_000, 3_000));
                case 1 -> prices = computePrices(orders);
                default -> writeReport(orders, prices);
            }
            long used = threads.getCurrentThreadCpuTime() - before;
            spent[step] += used;
            total += used;
        }
        return spent;
    }

    private static int furthestBelowShare(long[] spent, long total) {
        int pick = 0;
        double lowest = Double.MAX_VALUE;
        for (int i = 0; i < spent.length; i++) {
            double excess = (total == 0 ? 0 : (double) spent[i] / total) - SHARES[i];
            if (excess < lowest) {
                lowest = excess;
                pick = i;
            }
        }
        return pick;
    }

    /** Builds order lines and splits them into fields, as if read from a file. */
    static List<String> parseOrders(int count) {
        List<String> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String line = "order-" + i + ";customer-" + (i * 7919 % 1000) + ";" + (i % 17 + 1) + ";" + (i * 31 % 997);
            String[] fields = line.split(";");
            orders.add(fields[0] + ":" + Integer.parseInt(fields[2]) * Integer.parseInt(fields[3]));
        }
        return orders;
    }

    /** Prices every order with some arithmetic. */
    static long[] computePrices(List<String> orders) {
        long[] prices = new long[Math.max(1, orders.size())];
        for (int i = 0; i < orders.size(); i++) {
            double price = 1 + (i % 97);
            for (int round = 0; round < 200; round++) price = price * 1.0001 + Math.sqrt(price + round);
            prices[i] = (long) price;
        }
        return prices;
    }

    /** Formats a report of the orders and their prices. */
    static void writeReport(List<String> orders, long[] prices) {
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < orders.size(); i++) {
            report.append(String.format(Locale.ROOT, "%-20s %10d%n", orders.get(i), prices[i % prices.length]));
        }
        sink += report.length();
    }

    /** Holds the cache lock, sleeping, until the end: the slow refresh everyone else waits for. */
    static void refreshCache(CountDownLatch locked, long endNanos) {
        synchronized (CACHE_LOCK) {
            locked.countDown();
            try {
                long left;
                while ((left = endNanos - System.nanoTime()) > 0) Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reads the cache: blocked until the refresher lets go of the lock. */
    static void readCache() {
        synchronized (CACHE_LOCK) {
            sink++;
        }
    }
}
