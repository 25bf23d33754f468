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
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
     * @param synchronizers  also list the ownable synchronizers (java.util.concurrent locks) each thread
     *                       holds: the JVM finds them by walking its heap in a pause, as for {@code jstack -l}
     */
    public static ThreadDump dump(JvmConnection jvm, boolean virtualThreads, boolean synchronizers) throws AttachException {
        List<String> notes = new ArrayList<>();
        // the deadlock search runs beside the dump: one round trip less to wait for on a busy machine
        CompletableFuture<long[]> deadlockSearch = CompletableFuture.supplyAsync(() -> {
            try {
                return jvm.call("look for deadlocks", () -> (long[]) jvm.mbeans().invoke(THREADING, "findDeadlockedThreads", null, null));
            } catch (AttachException e) {
                throw new CompletionException(e);
            }
        });
        CompositeData[] infos = jvm.call("dump its threads", () -> dumpAllThreads(jvm.mbeans(), synchronizers));
        Instant taken = Instant.now();
        long[] ids = new long[infos.length];
        int n = 0;
        for (CompositeData info : infos) if (info != null) ids[n++] = ((Number) info.get("threadId")).longValue();
        long[] live = java.util.Arrays.copyOf(ids, n);
        long[] cpu = jvm.call("report thread CPU times", () -> (long[]) jvm.mbeans().invoke(THREADING, "getThreadCpuTime",
                new Object[]{live}, new String[]{long[].class.getName()}));
        long[] deadlocked;
        try {
            deadlocked = deadlockSearch.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AttachException a) throw a;
            throw e;
        }

        List<ThreadEntry> threads = new ArrayList<>();
        int i = 0;
        for (CompositeData info : infos) {
            if (info == null) continue;
            threads.add(entry(info, cpu[i++]));
        }
        if (virtualThreads) addVirtualThreads(jvm, threads, notes);
        return new ThreadDump(jvm.pid(), jvm.vmVersion(), jvm.mainClass(), taken, threads,
                deadlocks(threads, deadlocked), notes);
    }

    /*
     * Raw MBean calls, and the ThreadInfo items read straight from the open data: the ThreadMXBean proxy's
     * generic mapping costs jprof's fresh JVM several hundred milliseconds for a few hundred threads, and
     * ThreadInfo.from, which validates every item's type, still a third of the dump's CPU time.
     * A JVM that cannot report monitors or synchronizers (none of HotSpot's) gets a second call without them.
     * The monitors come from the stacks; the deadlock search needs no heap walk either (it follows park blockers).
     * getThreadCpuTime answers -1 for each thread when the JVM does not measure CPU time.
     */
    private static CompositeData[] dumpAllThreads(MBeanServerConnection mbeans, boolean synchronizers) throws Exception {
        try {
            return (CompositeData[]) mbeans.invoke(THREADING, "dumpAllThreads", new Object[]{true, synchronizers},
                    new String[]{"boolean", "boolean"});
        } catch (javax.management.RuntimeMBeanException e) {
            if (!(e.getCause() instanceof UnsupportedOperationException)) throw e;
            return (CompositeData[]) mbeans.invoke(THREADING, "dumpAllThreads", new Object[]{false, false},
                    new String[]{"boolean", "boolean"});
        }
    }

    private static ObjectName threading() {
        try {
            return new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A thread from the open data of a java.lang.management.ThreadInfo (items as in ThreadInfo.from). */
    static ThreadEntry entry(CompositeData info, long cpuNanos) {
        Map<Integer, List<Lock>> lockedAt = new HashMap<>();
        for (CompositeData monitor : array(info, "lockedMonitors")) {
            lockedAt.computeIfAbsent(((Number) monitor.get("lockedStackDepth")).intValue(), d -> new ArrayList<>()).add(lock(monitor));
        }
        CompositeData[] trace = array(info, "stackTrace");
        List<Frame> stack = new ArrayList<>(trace.length);
        for (int d = 0; d < trace.length; d++) {
            CompositeData e = trace[d];
            stack.add(new Frame((String) e.get("className"), (String) e.get("methodName"), (String) e.get("fileName"),
                    ((Number) e.get("lineNumber")).intValue(), Boolean.TRUE.equals(e.get("nativeMethod")),
                    lockedAt.getOrDefault(d, List.of())));
        }
        List<Lock> synchronizers = new ArrayList<>();
        for (CompositeData s : array(info, "lockedSynchronizers")) synchronizers.add(lock(s));
        CompositeData waiting = info.containsKey("lockInfo") ? (CompositeData) info.get("lockInfo") : null;
        return new ThreadEntry((String) info.get("threadName"), ((Number) info.get("threadId")).longValue(),
                Thread.State.valueOf((String) info.get("threadState")),
                info.containsKey("daemon") && Boolean.TRUE.equals(info.get("daemon")), false, cpuNanos, stack,
                waiting == null ? null : lock(waiting), (String) info.get("lockOwnerName"),
                ((Number) info.get("lockOwnerId")).longValue(), synchronizers,
                Boolean.TRUE.equals(info.get("inNative")), Boolean.TRUE.equals(info.get("suspended")));
    }

    private static CompositeData[] array(CompositeData info, String item) {
        Object value = info.containsKey(item) ? info.get(item) : null;
        return value instanceof CompositeData[] a ? a : new CompositeData[0];
    }

    private static Lock lock(CompositeData data) {
        return new Lock((String) data.get("className"), ((Number) data.get("identityHashCode")).intValue());
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
            for (ThreadEntry t : TargetThreadDump.read(jvm, JsonThreadDump::threads)) {
                if (!platform.contains(t.id())) threads.add(t);
            }
        } catch (AttachException e) {
            notes.add("virtual threads not listed: " + e.getMessage());
        }
    }
}
