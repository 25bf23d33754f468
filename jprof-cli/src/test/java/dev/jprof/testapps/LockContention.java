package dev.jprof.testapps;

import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Ground truth for lock mode: two threads contend for one monitor ({@link #enterMonitor}), then for
 * one ReentrantLock ({@link #takeLock}), each phase half of the run. A thread holds the lock 4 ms
 * (spinning in {@link #hold}, so a cpu profile has something to show) and then rests 1 ms (sleeping),
 * so the other one waits some 3 ms for it each turn. Each thread measures its waits
 * around the acquisition. Meanwhile an idle pool thread waits for work in its queue the whole run:
 * a park, but no contention.
 *
 * <p>Usage: {@code LockContention [seconds=2] [monitor]} (monitor: the monitor only, the whole run). Prints
 * {@code lock monitorWaitMs=1234.5 monitorEnters=300 lockWaitMs=1200.1 lockTakes=290 runMs=2000}.
 */
public final class LockContention {
    private static final long HOLD_NANOS = 4_000_000;
    private static final long REST_NANOS = 1_000_000;

    /** The monitor's class, so the profile names it. */
    static final class Monitor {
    }

    private static final Monitor MONITOR = new Monitor();
    private static final ReentrantLock LOCK = new ReentrantLock();

    /** Per thread: waiting time and acquisitions, monitor then lock. */
    private static final class Waits {
        long monitorNanos;
        long monitorWaits;
        long lockNanos;
        long lockWaits;
    }

    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        boolean monitorOnly = args.length > 1 && args[1].equals("monitor");
        System.out.println("LockContention seconds=" + seconds);
        ExecutorService idlePool = Executors.newFixedThreadPool(1);
        idlePool.submit(() -> { });
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long switchAt = monitorOnly ? end : start + (long) (seconds * 1e9 / 2);
        Waits[] waits = {new Waits(), new Waits()};
        Thread[] threads = new Thread[2];
        for (int i = 0; i < threads.length; i++) {
            Waits mine = waits[i];
            threads[i] = new Thread(() -> contend(mine, switchAt, end), "contender-" + i);
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        long run = System.nanoTime() - start;
        idlePool.shutdownNow();
        idlePool.awaitTermination(5, TimeUnit.SECONDS);
        Waits all = new Waits();
        for (Waits w : waits) {
            all.monitorNanos += w.monitorNanos;
            all.monitorWaits += w.monitorWaits;
            all.lockNanos += w.lockNanos;
            all.lockWaits += w.lockWaits;
        }
        Truth.report(String.format(Locale.ROOT, "lock monitorWaitMs=%.1f monitorEnters=%d lockWaitMs=%.1f lockTakes=%d runMs=%d",
                all.monitorNanos / 1e6, all.monitorWaits, all.lockNanos / 1e6, all.lockWaits, run / 1_000_000));
    }

    private static void contend(Waits waits, long switchAt, long end) {
        while (System.nanoTime() < switchAt) {
            long waited = enterMonitor();
            waits.monitorNanos += waited;
            waits.monitorWaits++;
            rest();
        }
        while (System.nanoTime() < end) {
            long waited = takeLock();
            waits.lockNanos += waited;
            waits.lockWaits++;
            rest();
        }
    }

    /** Waits for the monitor, holds it; returns how long the wait took. */
    static long enterMonitor() {
        long before = System.nanoTime();
        synchronized (MONITOR) {
            long waited = System.nanoTime() - before;
            hold();
            return waited;
        }
    }

    /** Waits for the lock, holds it; returns how long the wait took. */
    static long takeLock() {
        long before = System.nanoTime();
        LOCK.lock();
        try {
            long waited = System.nanoTime() - before;
            hold();
            return waited;
        } finally {
            LOCK.unlock();
        }
    }

    static void hold() {
        long until = System.nanoTime() + HOLD_NANOS;
        while (System.nanoTime() < until) Thread.onSpinWait();
    }

    private static void rest() {
        sleep(REST_NANOS);
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
