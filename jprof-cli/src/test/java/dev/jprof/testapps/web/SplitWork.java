package dev.jprof.testapps.web;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The work of the /split endpoint, with a known truth: {@link #heavy} burns 70% of the request's CPU time and
 * {@link #light} 30%, each measured on its own thread's CPU clock.
 */
public final class SplitWork {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** CPU time one request burns in all. */
    public static final long TOTAL_NANOS = 1_000_000_000L;
    static volatile long sink;
    private static final Object GATE = new Object();
    private static boolean paused;

    private SplitWork() {
    }

    public static String run() {
        long h = heavy(TOTAL_NANOS * 7 / 10);
        long l = light(TOTAL_NANOS * 3 / 10);
        return "split " + (h ^ l) + "\n";
    }

    static long heavy(long cpuNanos) {
        long end = THREADS.getCurrentThreadCpuTime() + cpuNanos;
        long x = 17;
        while (THREADS.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 200_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
        return x;
    }

    static long light(long cpuNanos) {
        long end = THREADS.getCurrentThreadCpuTime() + cpuNanos;
        long x = 31;
        while (THREADS.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 200_000; i++) x = x * 2862933555777941757L + 3037000493L;
        }
        sink = x;
        return x;
    }

    /** Runs both methods briefly, so that a first request finds them compiled, as in a server that has run a while. */
    public static void warmUp() {
        for (int i = 0; i < 5; i++) {
            heavy(20_000_000L);
            light(20_000_000L);
        }
    }

    /** A thread that burns CPU as long as the server runs, unless paused: no request's profile may show it. */
    public static void startBackground() {
        Thread t = new Thread(SplitWork::burnForever, "busy-background");
        t.setDaemon(true);
        t.start();
    }

    /** Pauses the background thread, or lets it burn again (of several test servers, only the one under test burns). */
    static void pauseBackground(boolean pause) {
        synchronized (GATE) {
            paused = pause;
            GATE.notifyAll();
        }
    }

    static void burnForever() {
        long x = 3;
        while (true) {
            synchronized (GATE) {
                while (paused) {
                    try {
                        GATE.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            for (int i = 0; i < 1_000_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
            sink = x;
        }
    }
}
