package dev.jprof.capture.threads;

import dev.jprof.capture.attach.AttachException;
import dev.jprof.capture.attach.JvmConnection;
import dev.jprof.capture.attach.TargetThreadDump;
import dev.jprof.capture.threads.ThreadDump.Deadlock;
import dev.jprof.capture.threads.ThreadDump.Frame;
import dev.jprof.capture.threads.ThreadDump.Link;
import dev.jprof.capture.threads.ThreadDump.Lock;
import dev.jprof.capture.threads.ThreadDump.ThreadEntry;

import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link ThreadDump} over an open JMX connection: ThreadMXBean.dumpAllThreads with monitors
 * and synchronizers, every thread's CPU time in one call, findDeadlockedThreads; on JDK 21+ also
 * the virtual threads, from the JVM's own JSON thread dump (diagnostic command Thread.dump_to_file).
 * Nothing is loaded into the JVM and nothing stays behind.
 */
public final class ThreadDumper {
    private static final ObjectName THREADING = threading();

    private ThreadDumper() {
    }

    /**
     * @param virtualThreads also list virtual threads where the JVM can (JDK 21+)
     */
    public static ThreadDump dump(JvmConnection jvm, boolean virtualThreads) throws AttachException {
        List<String> notes = new ArrayList<>();
        ThreadInfo[] infos = jvm.call("dump its threads", () -> dumpAllThreads(jvm.mbeans()));
        Instant taken = Instant.now();
        long[] ids = new long[infos.length];
        int n = 0;
        for (ThreadInfo info : infos) if (info != null) ids[n++] = info.getThreadId();
        long[] live = java.util.Arrays.copyOf(ids, n);
        long[] cpu = jvm.call("report thread CPU times", () -> cpuTimes(jvm.mbeans(), live));
        long[] deadlocked = jvm.call("look for deadlocks", () -> (long[]) jvm.mbeans().invoke(THREADING,
                "findDeadlockedThreads", null, null));

        List<ThreadEntry> threads = new ArrayList<>();
        int i = 0;
        for (ThreadInfo info : infos) {
            if (info == null) continue;
            threads.add(entry(info, cpu[i++]));
        }
        if (virtualThreads) addVirtualThreads(jvm, threads, notes);
        return new ThreadDump(jvm.pid(), jvm.vmVersion(), jvm.mainClass(), taken, threads,
                deadlocks(threads, deadlocked), notes);
    }

    /*
     * Raw MBean calls rather than the ThreadMXBean proxy: the proxy's generic open-type mapping costs
     * jprof's fresh JVM several hundred milliseconds for a few hundred threads, ThreadInfo.from a few dozen.
     */
    private static ThreadInfo[] dumpAllThreads(MBeanServerConnection mbeans) throws Exception {
        Boolean monitors = (Boolean) mbeans.getAttribute(THREADING, "ObjectMonitorUsageSupported");
        Boolean synchronizers = (Boolean) mbeans.getAttribute(THREADING, "SynchronizerUsageSupported");
        CompositeData[] data = (CompositeData[]) mbeans.invoke(THREADING, "dumpAllThreads",
                new Object[]{monitors, synchronizers}, new String[]{"boolean", "boolean"});
        ThreadInfo[] infos = new ThreadInfo[data.length];
        for (int i = 0; i < data.length; i++) infos[i] = data[i] == null ? null : ThreadInfo.from(data[i]);
        return infos;
    }

    private static long[] cpuTimes(MBeanServerConnection mbeans, long[] ids) throws Exception {
        boolean measured = Boolean.TRUE.equals(mbeans.getAttribute(THREADING, "ThreadCpuTimeEnabled"));
        if (!measured) {
            long[] unknown = new long[ids.length];
            java.util.Arrays.fill(unknown, -1);
            return unknown;
        }
        return (long[]) mbeans.invoke(THREADING, "getThreadCpuTime", new Object[]{ids}, new String[]{long[].class.getName()});
    }

    private static ObjectName threading() {
        try {
            return new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    static ThreadEntry entry(ThreadInfo info, long cpuNanos) {
        StackTraceElement[] trace = info.getStackTrace();
        Map<Integer, List<Lock>> lockedAt = new HashMap<>();
        for (MonitorInfo monitor : info.getLockedMonitors()) {
            lockedAt.computeIfAbsent(monitor.getLockedStackDepth(), d -> new ArrayList<>()).add(lock(monitor));
        }
        List<Frame> stack = new ArrayList<>(trace.length);
        for (int d = 0; d < trace.length; d++) {
            StackTraceElement e = trace[d];
            stack.add(new Frame(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber(),
                    e.isNativeMethod(), lockedAt.getOrDefault(d, List.of())));
        }
        List<Lock> synchronizers = new ArrayList<>();
        for (LockInfo s : info.getLockedSynchronizers()) synchronizers.add(lock(s));
        LockInfo waiting = info.getLockInfo();
        return new ThreadEntry(info.getThreadName(), info.getThreadId(), info.getThreadState(), info.isDaemon(), false,
                cpuNanos, stack, waiting == null ? null : lock(waiting), info.getLockOwnerName(), info.getLockOwnerId(),
                synchronizers, info.isInNative(), info.isSuspended());
    }

    private static Lock lock(LockInfo info) {
        return new Lock(info.getClassName(), info.getIdentityHashCode());
    }

    /** The cycles among the deadlocked threads, each listed once, starting from its lowest thread id. */
    static List<Deadlock> deadlocks(List<ThreadEntry> threads, long[] deadlockedIds) {
        if (deadlockedIds == null || deadlockedIds.length == 0) return List.of();
        Map<Long, ThreadEntry> byId = new HashMap<>();
        for (ThreadEntry t : threads) if (!t.virtual()) byId.put(t.id(), t);
        Set<Long> remaining = new LinkedHashSet<>();
        java.util.Arrays.stream(deadlockedIds).sorted().forEach(remaining::add);
        List<Deadlock> deadlocks = new ArrayList<>();
        Set<Long> done = new HashSet<>();
        for (long start : remaining) {
            if (done.contains(start)) continue;
            // follow the waits-for chain until a thread repeats: the repeated part is the cycle
            List<Long> path = new ArrayList<>();
            long current = start;
            while (current >= 0 && !path.contains(current) && !done.contains(current) && byId.containsKey(current)) {
                path.add(current);
                current = byId.get(current).waitingForOwnerId();
            }
            done.addAll(path);
            int from = path.indexOf(current);
            if (from < 0) continue; // leads into a cycle found before, or out of the dump: not a cycle of its own
            List<Long> cycle = new ArrayList<>(path.subList(from, path.size()));
            int lowest = cycle.indexOf(cycle.stream().min(Long::compare).orElseThrow());
            java.util.Collections.rotate(cycle, -lowest);
            List<Link> links = new ArrayList<>();
            for (long id : cycle) {
                ThreadEntry t = byId.get(id);
                links.add(new Link(t.name(), t.id(), t.waitingFor(), t.waitingForOwnerName(), t.waitingForOwnerId()));
            }
            deadlocks.add(new Deadlock(links));
        }
        return deadlocks;
    }

    private static void addVirtualThreads(JvmConnection jvm, List<ThreadEntry> threads, List<String> notes) {
        if (jvm.featureVersion() < 21) return;
        try {
            Set<Long> platform = new HashSet<>();
            for (ThreadEntry t : threads) platform.add(t.id());
            for (ThreadEntry t : JsonThreadDump.threads(TargetThreadDump.json(jvm))) {
                if (!platform.contains(t.id())) threads.add(t);
            }
        } catch (AttachException e) {
            notes.add("virtual threads not listed: " + e.getMessage());
        }
    }
}
