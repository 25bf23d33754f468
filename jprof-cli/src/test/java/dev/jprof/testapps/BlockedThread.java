package dev.jprof.testapps;

import java.util.concurrent.CountDownLatch;

/**
 * Ground truth for blocked threads: thread "holder" holds {@link #LOCK} for the whole run (sleeping in
 * {@link #holdLock}); thread "blocked" tries to enter it in {@link #enterLock} and stays BLOCKED until
 * the end.
 *
 * <p>Usage: {@code BlockedThread [seconds=3]}. Prints {@code blocked BLOCKED for N ms of N ms}.
 */
public final class BlockedThread {
    static final Object LOCK = new Object();

    public static void main(String[] args) throws InterruptedException {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        long runNanos = (long) (seconds * 1e9);
        System.out.println("BlockedThread seconds=" + seconds);
        CountDownLatch held = new CountDownLatch(1);
        long start = System.nanoTime();
        Thread holder = new Thread(() -> holdLock(held, start + runNanos), "holder");
        holder.start();
        held.await();
        long[] blockedNanos = new long[1];
        Thread blocked = new Thread(() -> blockedNanos[0] = enterLock(), "blocked");
        blocked.start();
        holder.join();
        blocked.join();
        Truth.report("blocked BLOCKED for " + blockedNanos[0] / 1_000_000 + " ms of "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    static void holdLock(CountDownLatch held, long untilNanos) {
        synchronized (LOCK) {
            held.countDown();
            try {
                long left;
                while ((left = untilNanos - System.nanoTime()) > 0) Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static long enterLock() {
        long t0 = System.nanoTime();
        synchronized (LOCK) {
            return System.nanoTime() - t0;
        }
    }
}
