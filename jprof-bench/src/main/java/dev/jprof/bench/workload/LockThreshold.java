package dev.jprof.bench.workload;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What lock mode's threshold trades: the CPU cost of one JFR lock event, and how the waiting time of
 * a program full of short waits is spread over wait lengths.
 *
 * <ul>
 *   <li>cost: CPU time of {@code LockSupport.parkNanos(blocker, 1000)} (a wait, every one of them above
 *       threshold 0) with jdk.ThreadPark recorded with its stack and without, at stack depths 10 and 100;</li>
 *   <li>sizes: {@code threads} threads take one monitor and one ReentrantLock in turn, for a few
 *       microseconds each, for {@code seconds}; every wait is recorded (threshold 0) and the share of
 *       waits and of waiting time under 10 us, 100 us and 1 ms is printed.</li>
 * </ul>
 *
 * <pre>java -cp jprof-bench/target/classes dev.jprof.bench.workload.LockThreshold [threads=4] [seconds=3]</pre>
 */
public final class LockThreshold {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Object BLOCKER = new Object();
    private static final Object MONITOR = new Object();
    private static final ReentrantLock LOCK = new ReentrantLock();
    static long counter;

    private LockThreshold() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        for (int depth : new int[] {10, 100}) {
            for (int round = 0; round < 3; round++) {
                int n = 20_000;
                long off = parksAtDepth(depth, n);
                long on;
                try (Recording recording = new Recording()) {
                    recording.enable("jdk.ThreadPark").withThreshold(Duration.ZERO).withStackTrace();
                    recording.start();
                    on = parksAtDepth(depth, n);
                }
                System.out.printf(Locale.ROOT, "event cost, stack depth %d: %.2f us CPU (park %.2f us without, %.2f us with)%n",
                        depth, (on - off) / 1e3 / n, off / 1e3 / n, on / 1e3 / n);
            }
        }
        Path file = Files.createTempFile("lock-threshold", ".jfr");
        try {
            try (Recording recording = new Recording()) {
                for (String event : new String[] {"jdk.JavaMonitorEnter", "jdk.ThreadPark"}) {
                    recording.enable(event).withThreshold(Duration.ZERO).withoutStackTrace();
                }
                recording.start();
                contend(threads, (long) (seconds * 1e9));
                recording.stop();
                recording.dump(file);
            }
            printSizes(file, seconds);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static long parksAtDepth(int depth, int n) {
        if (depth > 0) return parksAtDepth(depth - 1, n);
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) LockSupport.parkNanos(BLOCKER, 1000);
        return THREADS.getCurrentThreadCpuTime() - start;
    }

    private static void contend(int threads, long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    synchronized (MONITOR) {
                        for (int i = 0; i < 200; i++) counter += i;
                    }
                    LOCK.lock();
                    try {
                        for (int i = 0; i < 200; i++) counter -= i;
                    } finally {
                        LOCK.unlock();
                    }
                }
            });
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) thread.join();
    }

    private static void printSizes(Path file, double seconds) throws Exception {
        List<Long> waits = new ArrayList<>();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                if (type.equals("jdk.ThreadPark")) {
                    RecordedClass blocker = event.getClass("parkedClass");
                    if (blocker == null || !blocker.getName().startsWith("java.util.concurrent.locks.ReentrantLock")) continue;
                } else if (!type.equals("jdk.JavaMonitorEnter")) {
                    continue;
                }
                waits.add(event.getDuration().toNanos());
            }
        }
        long total = waits.stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "%,d waits (%.0f a second), %.2f s waited%n", waits.size(), waits.size() / seconds, total / 1e9);
        for (long limit : new long[] {10_000, 100_000, 1_000_000}) {
            long count = waits.stream().filter(w -> w < limit).count();
            long time = waits.stream().filter(w -> w < limit).mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "under %,d us: %.0f%% of the waits, %.1f%% of the time waited%n",
                    limit / 1000, 100.0 * count / Math.max(1, waits.size()), 100.0 * time / Math.max(1, total));
        }
    }
}
