package dev.jprof.testapps;

/**
 * Ground truth for wall mode: the main thread alternates {@link #compute} and {@link #pause} (Thread.sleep)
 * in 100 ms cycles, computing for a given share of the wall time.
 *
 * <p>Usage: {@code SleepSplit [seconds=3] [computePercent=30]}. Prints {@code wall compute=30.1% sleep=69.9%}.
 */
public final class SleepSplit {
    private static final long CYCLE_NANOS = 100_000_000;
    static volatile double sink;

    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int percent = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        System.out.println("SleepSplit seconds=" + seconds + " computePercent=" + percent);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long computing = 0;
        long sleeping = 0;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            compute(t0 + CYCLE_NANOS * percent / 100);
            long t1 = System.nanoTime();
            pause(CYCLE_NANOS * (100 - percent) / 100);
            long t2 = System.nanoTime();
            computing += t1 - t0;
            sleeping += t2 - t1;
        }
        long all = computing + sleeping;
        Truth.report(String.format(java.util.Locale.ROOT, "wall compute=%.1f%% sleep=%.1f%% wallMs=%d",
                100.0 * computing / all, 100.0 * sleeping / all, all / 1_000_000));
    }

    static void compute(long untilNanos) {
        double x = sink;
        while (System.nanoTime() < untilNanos) {
            for (int i = 0; i < 20_000; i++) x += Math.sqrt(x + i);
        }
        sink = x;
    }

    static void pause(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
}
