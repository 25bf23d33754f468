package dev.jprof.top;

import dev.jprof.capture.attach.JvmConnection;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The header's numbers, read over JMX once per refresh: threads by state, the process's CPU time and
 * the collectors' time; rates are over the time since the previous reading.
 *
 * <p>Thread states need a thread dump without stacks, which costs the JVM about 0.1 ms of CPU per
 * thread (22 ms for 226 threads, measured): with more than {@value #CHEAP_THREADS} threads the states
 * are read every {@value #STATES_EVERY_SECONDS} s only, the thread count (cheap) every time.
 */
final class JvmGauges {
    /** One reading. Shares are fractions of wall time (CPU: of one core); NaN when unknown. */
    record Reading(int threads, int running, int blocked, int waiting, double processCpu, double gcShare, int cores) {
    }

    private static final int CHEAP_THREADS = 64;
    private static final int STATES_EVERY_SECONDS = 10;

    private final MBeanServerConnection mbeans;
    private final ObjectName threading;
    private final ObjectName os;
    private final List<ObjectName> collectors = new ArrayList<>();
    private long lastNanoTime;
    private long lastCpu = -1;
    private long lastGcMillis = -1;
    private int cores;
    private long statesNanoTime;
    private int[] states;

    JvmGauges(JvmConnection jvm) throws Exception {
        this.mbeans = jvm.mbeans();
        this.threading = new ObjectName("java.lang:type=Threading");
        this.os = new ObjectName("java.lang:type=OperatingSystem");
        Set<ObjectName> gcs = mbeans.queryNames(new ObjectName("java.lang:type=GarbageCollector,*"), null);
        for (ObjectName gc : gcs) {
            // pauses only: G1's "Concurrent GC" and ZGC's "Cycles" collectors count time the application runs alongside
            String name = String.valueOf(gc.getKeyProperty("name"));
            if (!name.contains("Concurrent") && !name.contains("Cycles")) collectors.add(gc);
        }
        Object processors = mbeans.getAttribute(os, "AvailableProcessors");
        cores = processors instanceof Integer n ? n : 0;
        lastNanoTime = System.nanoTime();
        read();
    }

    Reading read() throws Exception {
        int threads = ((Number) mbeans.getAttribute(threading, "ThreadCount")).intValue();
        long begin = System.nanoTime();
        if (states == null || threads <= CHEAP_THREADS || begin - statesNanoTime > STATES_EVERY_SECONDS * 1_000_000_000L) {
            states = states();
            statesNanoTime = begin;
        }
        long now = System.nanoTime();
        double wall = Math.max(1, now - lastNanoTime);
        lastNanoTime = now;
        long cpu = -1;
        AttributeList cpuAttribute = mbeans.getAttributes(os, new String[]{"ProcessCpuTime"});
        for (Attribute a : cpuAttribute.asList()) if (a.getValue() instanceof Long v) cpu = v;
        double cpuShare = cpu >= 0 && lastCpu >= 0 ? (cpu - lastCpu) / wall : Double.NaN;
        lastCpu = cpu;
        long gcMillis = 0;
        boolean gcKnown = !collectors.isEmpty();
        for (ObjectName collector : collectors) {
            Object time = mbeans.getAttribute(collector, "CollectionTime");
            if (time instanceof Long v && v >= 0) gcMillis += v;
            else gcKnown = false;
        }
        double gcShare = gcKnown && lastGcMillis >= 0 ? (gcMillis - lastGcMillis) * 1e6 / wall : Double.NaN;
        lastGcMillis = gcKnown ? gcMillis : -1;
        return new Reading(threads, states[0], states[1], states[2], cpuShare, gcShare, cores);
    }

    /** Running, blocked and waiting threads. */
    private int[] states() throws Exception {
        int[] counts = new int[3];
        CompositeData[] infos = (CompositeData[]) mbeans.invoke(threading, "dumpAllThreads",
                new Object[]{false, false}, new String[]{"boolean", "boolean"});
        for (CompositeData info : infos) {
            if (info == null) continue;
            switch (String.valueOf(info.get("threadState"))) {
                case "RUNNABLE" -> counts[0]++;
                case "BLOCKED" -> counts[1]++;
                case "WAITING", "TIMED_WAITING" -> counts[2]++;
                default -> { }
            }
        }
        return counts;
    }
}
