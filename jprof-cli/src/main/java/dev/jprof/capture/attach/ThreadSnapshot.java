package dev.jprof.capture.attach;

import com.sun.management.ThreadMXBean;
import dev.jprof.capture.jfr.ThreadActivity;

import java.lang.management.ThreadInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time of every live thread of the attached JVM at one moment, read over JMX in two calls
 * (dumpAllThreads without stacks, then getThreadCpuTime for all ids). Two snapshots give one
 * {@link ThreadActivity} per thread for the window between them.
 */
record ThreadSnapshot(long epochNanos, Map<Long, String> names, Map<Long, Long> cpuNanos) {

    static ThreadSnapshot take(ThreadMXBean threads) {
        ThreadInfo[] infos = threads.dumpAllThreads(false, false, 0);
        long now = epochNanos(Instant.now());
        long[] ids = new long[infos.length];
        Map<Long, String> names = new LinkedHashMap<>();
        int n = 0;
        for (ThreadInfo info : infos) {
            if (info == null) continue;
            ids[n++] = info.getThreadId();
            names.put(info.getThreadId(), info.getThreadName());
        }
        long[] live = java.util.Arrays.copyOf(ids, n);
        long[] cpu;
        try {
            cpu = threads.getThreadCpuTime(live);
        } catch (UnsupportedOperationException e) {
            cpu = new long[live.length];
            for (int i = 0; i < live.length; i++) cpu[i] = threads.getThreadCpuTime(live[i]);
        }
        Map<Long, Long> cpuNanos = new LinkedHashMap<>();
        for (int i = 0; i < live.length; i++) cpuNanos.put(live[i], cpu[i]);
        return new ThreadSnapshot(now, names, cpuNanos);
    }

    /** Whether the JVM measures thread CPU time at all (-1 everywhere when it does not). */
    boolean measuresCpu() {
        return cpuNanos.values().stream().anyMatch(v -> v >= 0);
    }

    /**
     * One activity per thread seen in either snapshot: the CPU time used in between; for a thread
     * that started in the window all its CPU time; -1 for one that ended in it (unknown).
     */
    static List<ThreadActivity> between(ThreadSnapshot start, ThreadSnapshot end) {
        Set<Long> ids = new LinkedHashSet<>(start.names.keySet());
        ids.addAll(end.names.keySet());
        List<ThreadActivity> activity = new ArrayList<>();
        for (long id : ids) {
            Long before = start.cpuNanos.get(id);
            Long after = end.cpuNanos.get(id);
            long used;
            if (after == null || after < 0) used = -1;
            else if (before == null) used = after;
            else if (before < 0) used = -1;
            else used = Math.max(0, after - before);
            String name = end.names.getOrDefault(id, start.names.get(id));
            activity.add(new ThreadActivity(id, name, start.epochNanos, end.epochNanos, 0, used));
        }
        return activity;
    }

    static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
