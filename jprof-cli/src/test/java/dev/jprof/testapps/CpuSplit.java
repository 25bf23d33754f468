package dev.jprof.testapps;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Ground truth for cpu mode: each of N threads spends its CPU time 50% in {@link #alpha}, 30% in
 * {@link #beta} and 20% in {@link #gamma}. The split is driven by the thread's measured CPU time (the
 * method furthest below its share runs next, for about a millisecond), so neither the JIT nor the
 * scheduler changes it. The slices have random lengths (0.5 to 1.5 times the mean): with equal ones
 * the methods would follow each other in a fixed cycle of a few ms, in step with a 10 ms sampler, and
 * the samples would see some methods more often than their share.
 *
 * <p>Usage: {@code CpuSplit [seconds=3] [threads=1]}. Prints {@code split alpha=50.0% beta=30.0% gamma=20.0% cpuMs=N}.
 */
public final class CpuSplit {
    static final String[] METHODS = {"alpha", "beta", "gamma"};
    static final double[] TARGET = {0.5, 0.3, 0.2};
    private static final int SLICE = 100_000;
    static volatile double sink;

    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        System.out.println("CpuSplit threads=" + n + " seconds=" + seconds);
        long[][] spent = new long[n][3];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            long[] mine = spent[i];
            threads[i] = new Thread(() -> run(seconds, mine), "cpusplit-" + i);
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        long[] total = new long[3];
        for (long[] s : spent) for (int k = 0; k < 3; k++) total[k] += s[k];
        long all = total[0] + total[1] + total[2];
        Truth.report(String.format(java.util.Locale.ROOT, "split alpha=%.1f%% beta=%.1f%% gamma=%.1f%% cpuMs=%d",
                100.0 * total[0] / all, 100.0 * total[1] / all, 100.0 * total[2] / all, all / 1_000_000));
    }

    static void run(double seconds, long[] spent) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long total = 0;
        long random = System.nanoTime() | 1;
        while (System.nanoTime() < end) {
            random ^= random << 13;
            random ^= random >>> 7;
            random ^= random << 17;
            int slice = SLICE / 2 + (int) ((random >>> 1) % SLICE);
            int pick = 0;
            double lowest = Double.MAX_VALUE;
            for (int k = 0; k < 3; k++) {
                double excess = (total == 0 ? 0 : spent[k] / (double) total) - TARGET[k];
                if (excess < lowest) {
                    lowest = excess;
                    pick = k;
                }
            }
            long before = mx.getCurrentThreadCpuTime();
            switch (pick) {
                case 0: alpha(slice); break;
                case 1: beta(slice); break;
                default: gamma(slice); break;
            }
            long used = mx.getCurrentThreadCpuTime() - before;
            spent[pick] += used;
            total += used;
        }
    }

    static void alpha(int n) {
        double x = sink;
        for (int i = 0; i < n; i++) x += Math.sqrt(x + i);
        sink = x;
    }

    static void beta(int n) {
        double x = sink;
        for (int i = 0; i < n; i++) x += Math.sqrt(x + 2 * i);
        sink = x;
    }

    static void gamma(int n) {
        double x = sink;
        for (int i = 0; i < n; i++) x += Math.sqrt(x + 3 * i);
        sink = x;
    }
}
