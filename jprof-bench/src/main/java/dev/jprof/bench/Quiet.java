package dev.jprof.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine is apart from the benchmark: from the kernel's CPU counters (/proc/stat), the
 * busy time of all processes (and time stolen by the hypervisor) during a run, less the run's own CPU
 * time from rusage. Used to wait for a quiet moment before each run and to report, per variant, how much
 * other work ran beside it, so that a shared machine's noise is visible rather than hidden.
 */
public final class Quiet {
    /** USER_HZ: the unit of /proc/stat, 100 on every Linux this runs on. */
    static final double TICKS_PER_SECOND = 100;

    private Quiet() {
    }

    /** Busy and total ticks from the first ("cpu ") line of /proc/stat. */
    public record Ticks(long busy, long total) {
        /** Busy seconds between this snapshot and a later one, all cores together. */
        public double busySecondsUntil(Ticks later) {
            return (later.busy - busy) / TICKS_PER_SECOND;
        }
    }

    /**
     * Parses the aggregate line {@code cpu user nice system idle iowait irq softirq steal ...}: busy is
     * user+nice+system+irq+softirq+steal, idle and iowait are not busy, guest time is already inside user.
     */
    static Ticks parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (f.length < 5 || !f[0].equals("cpu")) throw new IllegalArgumentException("not the cpu line of /proc/stat: " + cpuLine);
        long[] v = new long[8];
        for (int i = 0; i < 8 && i + 1 < f.length; i++) v[i] = Long.parseLong(f[i + 1]);
        long busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
        return new Ticks(busy, busy + v[3] + v[4]);
    }

    /** A snapshot now, or null where /proc/stat cannot be read (then nothing is gated or reported). */
    public static Ticks now() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return parse(first);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The share of the machine (0..1) that others used during a run that itself used {@code ownCpuSeconds}
     * over {@code wallSeconds}; NaN when not known.
     */
    public static double otherShare(Ticks before, Ticks after, double ownCpuSeconds, double wallSeconds, int cores) {
        if (before == null || after == null || wallSeconds <= 0) return Double.NaN;
        double other = before.busySecondsUntil(after) - ownCpuSeconds;
        return Math.max(0, Math.min(1, other / (wallSeconds * cores)));
    }

    /**
     * Waits until a 2-second window shows at most {@code maxShare} of the machine busy, for at most
     * {@code budgetMillis}; returns the milliseconds waited.
     */
    public static long waitForQuiet(double maxShare, long budgetMillis, int cores) throws InterruptedException {
        long start = System.currentTimeMillis();
        while (true) {
            Ticks a = now();
            Thread.sleep(2000);
            Ticks b = now();
            if (a == null || b == null) return System.currentTimeMillis() - start;
            double share = a.busySecondsUntil(b) / (2.0 * cores);
            long waited = System.currentTimeMillis() - start;
            if (share <= maxShare || waited >= budgetMillis) return waited;
        }
    }

    /**
     * Waits for a quiet machine before each run, within a total budget so that a busy machine delays the
     * whole benchmark by a bounded time; counts what it waited.
     */
    public static final class Gate {
        private final double maxShare;
        private final long perRunMillis;
        private long budgetMillis;
        private final long totalBudgetMillis;
        private long waitedMillis;
        private int gaveUp;
        private final int cores;

        public Gate(double maxShare, long perRunMillis, long budgetMillis, int cores) {
            this.maxShare = maxShare;
            this.perRunMillis = perRunMillis;
            this.budgetMillis = budgetMillis;
            this.totalBudgetMillis = budgetMillis;
            this.cores = cores;
        }

        public void await() throws InterruptedException {
            if (budgetMillis <= 0) return;
            long limit = Math.min(perRunMillis, budgetMillis);
            long waited = waitForQuiet(maxShare, limit, cores);
            if (waited >= limit) gaveUp++;
            waitedMillis += waited;
            budgetMillis -= waited;
        }

        /** One line for the report: the rule, how long it waited, how often the machine stayed busy. */
        public String describe() {
            if (totalBudgetMillis <= 0) return "off (--no-wait): runs started whatever the machine's load";
            return String.format(java.util.Locale.ROOT,
                    "before each run the runner waited for a 2-second window with at most %.0f%% of the machine busy"
                            + " (at most %d s per run, %d s in all): %.0f s waited so far in this run of the bench, %d runs started on a busy machine after all",
                    maxShare * 100, perRunMillis / 1000, totalBudgetMillis / 1000, waitedMillis / 1000.0, gaveUp);
        }
    }
}
