package dev.jprof.testapps;

import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A JVM full of threads that mostly wait, as a server is: {@code n} platform threads (named
 * crowd-0 ...) that each sleep 50 to 150 ms and then work briefly, or {@code n} virtual threads (Java
 * 21+) that each sleep 4 to 6 s between two short pieces of work. A platform thread named heartbeat
 * sleeps 10 ms at a time and measures how late it wakes up: a profiler that stalls the JVM (a long
 * safepoint, a lock held over every thread) shows as lateness.
 *
 * <p>Usage: {@code ThreadCrowd platform|virtual N SECONDS}. Prints {@code ready threads=N} once every
 * thread runs, then at the end {@code heartbeat maxLateMs=X wakeups=N}.
 */
public final class ThreadCrowd {
    static volatile double sink;

    public static void main(String[] args) throws Exception {
        boolean virtual = args[0].equals("virtual");
        int n = Integer.parseInt(args[1]);
        long end = System.nanoTime() + (long) (Double.parseDouble(args[2]) * 1e9);
        CountDownLatch started = new CountDownLatch(n);
        long pauseMillis = virtual ? 4000 : 50;
        long spreadMillis = virtual ? 2000 : 100;
        Runnable body = () -> {
            started.countDown();
            while (System.nanoTime() < end) {
                work();
                long left = (end - System.nanoTime()) / 1_000_000;
                long pause = Math.min(left, pauseMillis + ThreadLocalRandom.current().nextLong(spreadMillis));
                if (pause <= 0) break;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    return;
                }
            }
        };
        Method ofVirtual = virtual ? Thread.class.getMethod("ofVirtual") : null;
        Method unstarted = virtual ? Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class) : null;
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            if (virtual) {
                Object builder = ofVirtual.invoke(null);
                threads[i] = (Thread) unstarted.invoke(builder, body);
                threads[i].setName("crowd-" + i);
            } else {
                threads[i] = new Thread(body, "crowd-" + i);
                threads[i].setDaemon(true);
            }
            threads[i].start();
        }
        started.await();
        Truth.report("ready threads=" + n);

        long maxLate = 0;
        long wakeups = 0;
        Thread.currentThread().setName("heartbeat");
        while (System.nanoTime() < end) {
            long before = System.nanoTime();
            Thread.sleep(10);
            maxLate = Math.max(maxLate, System.nanoTime() - before - 10_000_000);
            wakeups++;
        }
        for (Thread thread : threads) thread.join();
        Truth.report("heartbeat maxLateMs=" + maxLate / 1_000_000 + " wakeups=" + wakeups);
    }

    private static void work() {
        double x = sink;
        for (int i = 0; i < 2_000; i++) x += Math.sqrt(x + i);
        sink = x;
    }
}
