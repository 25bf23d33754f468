package dev.jprof.capture.jfr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Lock waits of a known length: a holder takes a monitor (then a ReentrantLock), lets a waiter try
 * it and holds it {@link #HOLD_MILLIS} more; the waiter measures how long its attempt took. Between
 * rounds both wait on latches: parks that are not lock contention.
 *
 * <p>Also the program behind {@code async-profiler-lock.jfr}: run with an output file for the measured waits.
 */
final class LockWorkload {
    static final int ROUNDS = 4;
    static final long HOLD_MILLIS = 25;

    /** The monitor's class, so the profile names it. */
    static final class Monitor {
    }

    private final Monitor monitor = new Monitor();
    private final ReentrantLock lock = new ReentrantLock();
    long monitorWaitNanos;
    long lockWaitNanos;

    /** Runs the rounds; returns when both threads are done. */
    LockWorkload run() throws InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            monitorWaitNanos += contend(true);
            lockWaitNanos += contend(false);
        }
        return this;
    }

    /** One round: the waiting time the waiter measured. */
    private long contend(boolean onMonitor) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        long[] waited = new long[1];
        Thread waiter = new Thread(() -> {
            try {
                held.await();
            } catch (InterruptedException e) {
                return;
            }
            waited[0] = onMonitor ? enterMonitor() : takeLock();
        }, "lock-waiter");
        waiter.start();
        if (onMonitor) {
            synchronized (monitor) {
                holdWhileWaiterTries(held, () -> waiter.getState() == Thread.State.BLOCKED);
            }
        } else {
            lock.lock();
            try {
                holdWhileWaiterTries(held, () -> lock.hasQueuedThread(waiter));
            } finally {
                lock.unlock();
            }
        }
        waiter.join();
        return waited[0];
    }

    private static void holdWhileWaiterTries(CountDownLatch held, BooleanSupplier waiterWaits) throws InterruptedException {
        held.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!waiterWaits.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(1);
        Thread.sleep(HOLD_MILLIS);
    }

    private long enterMonitor() {
        long start = System.nanoTime();
        synchronized (monitor) {
            return System.nanoTime() - start;
        }
    }

    private long takeLock() {
        long start = System.nanoTime();
        lock.lock();
        try {
            return System.nanoTime() - start;
        } finally {
            lock.unlock();
        }
    }

    /** Writes the measured waits as properties: monitorWaitNanos, lockWaitNanos. */
    public static void main(String[] args) throws InterruptedException, IOException {
        LockWorkload workload = new LockWorkload().run();
        Files.writeString(Path.of(args[0]), "monitorWaitNanos=" + workload.monitorWaitNanos + "\nlockWaitNanos=" + workload.lockWaitNanos + "\n");
    }
}
