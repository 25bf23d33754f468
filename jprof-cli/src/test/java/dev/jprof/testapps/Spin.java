package dev.jprof.testapps;

/**
 * Runs until killed (or, as a safety net, for at most maxSeconds): the main thread spins in
 * {@link #spin}, thread "sleeper" sleeps in {@link #nap}. Prints "ready" once both run.
 *
 * <p>Usage: {@code Spin [maxSeconds=300]}.
 */
public final class Spin {
    static volatile double sink;

    public static void main(String[] args) {
        long maxSeconds = args.length > 0 ? Long.parseLong(args[0]) : 300;
        long end = System.nanoTime() + maxSeconds * 1_000_000_000L;
        Thread sleeper = new Thread(() -> nap(end), "sleeper");
        sleeper.setDaemon(true);
        sleeper.start();
        Truth.report("ready");
        spin(end);
    }

    static void spin(long endNanos) {
        double x = sink;
        while (System.nanoTime() < endNanos) {
            for (int i = 0; i < 50_000; i++) x += Math.sqrt(x + i);
            sink = x;
        }
    }

    static void nap(long endNanos) {
        try {
            while (System.nanoTime() < endNanos) Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
