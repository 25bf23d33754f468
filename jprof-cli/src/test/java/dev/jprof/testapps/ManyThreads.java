package dev.jprof.testapps;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Ground truth for many busy threads (more than JFR's few samples per period before JDK 25): 32
 * threads named busy-00 .. busy-31 all spin in {@link #spin}, each until the end of the run and for at least
 * {@value #MIN_CPU_MILLIS} ms of its own CPU time, so that on a loaded machine a thread started late still
 * lives through a few of the agent's CPU-time polls.
 *
 * <p>Usage: {@code ManyThreads [seconds=3] [threads=32]}. Prints each thread's CPU time: {@code busy-00 cpuMs=N}.
 */
public final class ManyThreads {
    static final long MIN_CPU_MILLIS = 200;
    static volatile double sink;

    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        System.out.println("ManyThreads threads=" + n + " seconds=" + seconds);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long[] cpu = new long[n];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int me = i;
            threads[i] = new Thread(() -> cpu[me] = spin(end), String.format("busy-%02d", i));
            threads[i].start();
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            threads[i].join();
            total += cpu[i];
        }
        for (int i = 0; i < n; i++) Truth.report(String.format("busy-%02d cpuMs=%d", i, cpu[i] / 1_000_000));
        Truth.report("total cpuMs=" + total / 1_000_000);
    }

    static long spin(long endNanos) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double x = sink;
        long minCpu = MIN_CPU_MILLIS * 1_000_000;
        while (System.nanoTime() < endNanos || mx.getCurrentThreadCpuTime() < minCpu) {
            for (int i = 0; i < 50_000; i++) x += Math.sqrt(x + i);
        }
        sink = x;
        return mx.getCurrentThreadCpuTime();
    }
}
