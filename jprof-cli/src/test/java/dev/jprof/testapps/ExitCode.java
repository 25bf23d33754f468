package dev.jprof.testapps;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Exits with a given code after some work in {@link #work}, through System.exit.
 *
 * <p>Usage: {@code ExitCode code [workMillis=500]}: milliseconds of the main thread's CPU time, so that
 * a loaded machine stretches the run instead of shortening the work. Prints {@code exiting with CODE}.
 */
public final class ExitCode {
    static volatile double sink;

    public static void main(String[] args) {
        int code = Integer.parseInt(args[0]);
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 500;
        work(millis * 1_000_000);
        Truth.report("exiting with " + code);
        System.exit(code);
    }

    static void work(long cpuNanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + cpuNanos;
        double x = sink;
        while (threads.getCurrentThreadCpuTime() < until) {
            for (int i = 0; i < 20_000; i++) x += Math.sqrt(x + i);
        }
        sink = x;
    }
}
