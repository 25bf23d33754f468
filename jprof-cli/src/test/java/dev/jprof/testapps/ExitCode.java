package dev.jprof.testapps;

/**
 * Exits with a given code after some work in {@link #work}, through System.exit.
 *
 * <p>Usage: {@code ExitCode code [workMillis=500]}. Prints {@code exiting with CODE}.
 */
public final class ExitCode {
    static volatile double sink;

    public static void main(String[] args) {
        int code = Integer.parseInt(args[0]);
        long millis = args.length > 1 ? Long.parseLong(args[1]) : 500;
        work(System.nanoTime() + millis * 1_000_000);
        Truth.report("exiting with " + code);
        System.exit(code);
    }

    static void work(long untilNanos) {
        double x = sink;
        while (System.nanoTime() < untilNanos) {
            for (int i = 0; i < 20_000; i++) x += Math.sqrt(x + i);
        }
        sink = x;
    }
}
