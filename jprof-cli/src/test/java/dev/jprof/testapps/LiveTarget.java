package dev.jprof.testapps;

import java.util.concurrent.CountDownLatch;

/**
 * A JVM to look at live: thread "live-spinner" spins in {@link #spinMethod}, thread "live-sleeper"
 * sleeps in {@link #sleepMethod}, threads "deadlock-a" and "deadlock-b" are deadlocked on
 * {@link #LOCK_A} and {@link #LOCK_B} (each holds one and waits for the other), and N more threads
 * "idle-K" wait on a latch; on Java 21+ a virtual thread "live-virtual" sleeps in {@link #sleepMethod}
 * too. Prints "ready PID" once all of that holds.
 *
 * <p>Usage: {@code LiveTarget [idleThreads=0] [exitAfterSeconds=300]}.
 */
public final class LiveTarget {
    static final Object LOCK_A = new LockA();
    static final Object LOCK_B = new LockB();
    static volatile double sink;

    static final class LockA {
    }

    static final class LockB {
    }

    private LiveTarget() {
    }

    public static void main(String[] args) throws Exception {
        int idle = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        long exitAfter = args.length > 1 ? Long.parseLong(args[1]) : 300;
        long end = System.nanoTime() + exitAfter * 1_000_000_000L;
        daemon("live-spinner", () -> spinMethod(end)).start();
        daemon("live-sleeper", LiveTarget::sleepMethod).start();
        CountDownLatch bothHold = new CountDownLatch(2);
        Thread a = daemon("deadlock-a", () -> lockBoth(LOCK_A, LOCK_B, bothHold));
        Thread b = daemon("deadlock-b", () -> lockBoth(LOCK_B, LOCK_A, bothHold));
        a.start();
        b.start();
        startVirtualSleeper();
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < idle; i++) daemon("idle-" + i, () -> await(never)).start();
        while (a.getState() != Thread.State.BLOCKED || b.getState() != Thread.State.BLOCKED) Thread.sleep(10);
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        long left;
        while ((left = end - System.nanoTime()) > 0) Thread.sleep(Math.max(1, Math.min(1000, left / 1_000_000)));
        System.exit(0);
    }

    private static Thread daemon(String name, Runnable run) {
        Thread thread = new Thread(run, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Thread.ofVirtual().name("live-virtual").start(sleepMethod), through reflection: compiled for Java 17. */
    private static void startVirtualSleeper() throws ReflectiveOperationException {
        if (Runtime.version().feature() < 21) return;
        Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        builder = ofVirtual.getMethod("name", String.class).invoke(builder, "live-virtual");
        ofVirtual.getMethod("start", Runnable.class).invoke(builder, (Runnable) LiveTarget::sleepMethod);
    }

    static void spinMethod(long endNanos) {
        double x = sink;
        while (System.nanoTime() < endNanos) {
            for (int i = 0; i < 50_000; i++) x += Math.sqrt(x + i);
            sink = x;
        }
    }

    static void sleepMethod() {
        try {
            while (true) Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void lockBoth(Object first, Object second, CountDownLatch bothHold) {
        synchronized (first) {
            bothHold.countDown();
            await(bothHold);
            synchronized (second) {
                sink++;
            }
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
