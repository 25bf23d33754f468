package dev.jprof.bench.workload;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JVM for the live views' benchmarks: {@code workers} threads compute at a call depth of 20 frames
 * (JFR's stack walk costs more with depth), {@code idle} more threads wait on a latch, and every 250 ms
 * the main thread prints {@code ops NANOTIME COUNT} (work units done so far), from which the bench
 * computes throughput with and without a profiler looking: {@code ops NANOTIME COUNT PROCESS_CPU_NANOS WORKER_CPU_NANOS}.
 *
 * <p>Usage: {@code LiveWorkload [workers=1] [idle=200] [maxSeconds=1800]}. Prints {@code ready PID} first. With
 * {@code -Dlive.jfrStates=true} it also prints {@code jfr STATE NANOTIME NAME} whenever a JFR recording in it changes
 * state (started by an attached tool or by jcmd), so a bench on the same machine can time an attach from outside to
 * the recording running inside (System.nanoTime is the machine's monotonic clock, shared by all processes).
 */
public final class LiveWorkload {
    static final AtomicLong OPS = new AtomicLong();
    static volatile long sink;

    private LiveWorkload() {
    }

    public static void main(String[] args) throws InterruptedException {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int idle = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long maxSeconds = args.length > 2 ? Long.parseLong(args[2]) : 1800;
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < idle; i++) {
            Thread t = new Thread(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "idle-" + i);
            t.setDaemon(true);
            t.start();
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long[] workerIds = new long[workers];
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(() -> {
                while (true) {
                    sink += descend(20, sink);
                    OPS.incrementAndGet();
                }
            }, "worker-" + i);
            t.setDaemon(true);
            t.start();
            workerIds[i] = t.getId();
        }
        if (Boolean.getBoolean("live.jfrStates")) {
            jdk.jfr.FlightRecorder.addListener(new jdk.jfr.FlightRecorderListener() {
                @Override
                public void recordingStateChanged(jdk.jfr.Recording recording) {
                    System.out.println("jfr " + recording.getState() + " " + System.nanoTime() + " " + recording.getName());
                }
            });
        }
        System.out.println("ready " + ProcessHandle.current().pid());
        long end = System.nanoTime() + maxSeconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(250);
            long ops = OPS.get();
            long now = System.nanoTime();
            long workerCpu = 0;
            for (long id : workerIds) workerCpu += threads.getThreadCpuTime(id);
            System.out.println("ops " + now + " " + ops + " " + os.getProcessCpuTime() + " " + workerCpu);
        }
    }

    static long descend(int depth, long seed) {
        if (depth == 0) return work(seed);
        return descend(depth - 1, seed + depth) ^ depth;
    }

    static long work(long seed) {
        long x = seed;
        for (int i = 0; i < 20_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        return x;
    }
}
