package dev.jprof.agent.jfr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * The JFR settings of a jprof recording: the JVM's sampler for running threads (in cpu mode before
 * JDK 25 both its execution and native-method samples), jprof's own events,
 * a few cheap one-per-chunk metadata events, and nothing else (events a recording does not mention
 * are off).
 *
 * <p>Pure: {@link #forMode} only builds a map, so it serves both the agent's own recording and a
 * recording configured over JMX (FlightRecorderMXBean.setRecordingSettings) by jprof's attach engine.
 */
public final class EventSettings {
    public static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    public static final String CPU_TIME_SAMPLE = "jdk.CPUTimeSample";
    public static final String NATIVE_METHOD_SAMPLE = "jdk.NativeMethodSample";
    public static final String CPU_TIME_SAMPLES_LOST = "jdk.CPUTimeSamplesLost";
    /** JDK 16+: allocations sampled at a throttled rate, each weighted by the bytes its thread allocated since the last one. */
    public static final String ALLOCATION_SAMPLE = "jdk.ObjectAllocationSample";
    /** Before JDK 16: one event per new TLAB and per allocation outside a TLAB. */
    public static final String ALLOCATION_IN_NEW_TLAB = "jdk.ObjectAllocationInNewTLAB";
    public static final String ALLOCATION_OUTSIDE_TLAB = "jdk.ObjectAllocationOutsideTLAB";

    /** A thread blocked entering a synchronized block or method. */
    public static final String MONITOR_ENTER = "jdk.JavaMonitorEnter";
    /** A thread parked in LockSupport.park: on a java.util.concurrent lock, or waiting for work or a signal. */
    public static final String THREAD_PARK = "jdk.ThreadPark";

    /**
     * Lock waits shorter than this are not recorded. Each recorded wait costs a stack walk and an event
     * (microseconds, and for a monitor while the waiter already holds it), so its cost stays within a few
     * percent of the wait it reports; shorter waits rarely add up to much of a program's waiting.
     */
    public static final long DEFAULT_LOCK_THRESHOLD_NANOS = 100_000;

    /** Engine names as written in jprof.RecordingInfo's engine field. */
    public static final String ENGINE_EXECUTION_SAMPLE = "jfr-execution-sample";
    public static final String ENGINE_CPU_TIME = "jfr-cpu-time";
    public static final String ENGINE_ALLOCATION_SAMPLE = "jfr-allocation-sample";
    public static final String ENGINE_TLAB = "jfr-tlab";
    public static final String ENGINE_LOCK = "jfr-lock";

    private EventSettings() {
    }

    /**
     * @param mode            "cpu" or "wall"
     * @param intervalNanos   time between two samples of a thread
     * @param cpuTimeSampler  use JDK 25's jdk.CPUTimeSample (throttled to one sample per interval of a
     *                        thread's CPU time) instead of jdk.ExecutionSample; only where the target has it
     */
    public static Map<String, String> forMode(String mode, long intervalNanos, boolean cpuTimeSampler) {
        String m = mode.toLowerCase(Locale.ROOT);
        if (!m.equals("cpu") && !m.equals("wall")) throw new IllegalArgumentException("unknown mode '" + mode + "' (expected cpu or wall)");
        if (intervalNanos <= 0) throw new IllegalArgumentException("interval must be positive");
        Map<String, String> settings = new LinkedHashMap<>();
        if (cpuTimeSampler) {
            settings.put(CPU_TIME_SAMPLE + "#enabled", "true");
            settings.put(CPU_TIME_SAMPLE + "#throttle", cpuTimePeriod(intervalNanos));
            settings.put(CPU_TIME_SAMPLES_LOST + "#enabled", "true");
        } else {
            settings.put(EXECUTION_SAMPLE + "#enabled", "true");
            settings.put(EXECUTION_SAMPLE + "#period", executionSamplePeriod(intervalNanos));
            // threads in JNI code, which the execution sampler skips; in wall mode jprof's own sampler sees them
            if (m.equals("cpu")) {
                settings.put(NATIVE_METHOD_SAMPLE + "#enabled", "true");
                settings.put(NATIVE_METHOD_SAMPLE + "#period", executionSamplePeriod(intervalNanos));
                settings.put(JprofEventNames.THREAD_SCHEDULE + "#enabled", "true");
            }
        }
        settings.put(JprofEventNames.RECORDING_INFO + "#enabled", "true");
        settings.put(JprofEventNames.WAIT_SAMPLE + "#enabled", "true");
        settings.put(JprofEventNames.THREAD_ACTIVITY + "#enabled", "true");
        // the agent flushes its last partial window when a chunk ends, i.e. also when the recording stops
        settings.put(JprofEventNames.THREAD_ACTIVITY + "#period", "endChunk");
        for (String info : new String[] {"jdk.JVMInformation", "jdk.OSInformation", "jdk.CPUInformation"}) {
            settings.put(info + "#enabled", "true");
            settings.put(info + "#period", "beginChunk");
        }
        return Collections.unmodifiableMap(settings);
    }

    /**
     * Settings of an allocation recording (mode alloc).
     *
     * @param intervalNanos    mean time between two allocation samples in the whole JVM (jdk.ObjectAllocationSample's throttle)
     * @param allocationSample use jdk.ObjectAllocationSample (JDK 16+); otherwise the TLAB events, which are not throttled
     */
    public static Map<String, String> forAllocation(long intervalNanos, boolean allocationSample) {
        if (intervalNanos <= 0) throw new IllegalArgumentException("interval must be positive");
        Map<String, String> settings = new LinkedHashMap<>();
        if (allocationSample) {
            settings.put(ALLOCATION_SAMPLE + "#enabled", "true");
            settings.put(ALLOCATION_SAMPLE + "#stackTrace", "true");
            settings.put(ALLOCATION_SAMPLE + "#throttle", allocationThrottle(intervalNanos));
        } else {
            for (String event : new String[] {ALLOCATION_IN_NEW_TLAB, ALLOCATION_OUTSIDE_TLAB}) {
                settings.put(event + "#enabled", "true");
                settings.put(event + "#stackTrace", "true");
            }
        }
        settings.put(JprofEventNames.RECORDING_INFO + "#enabled", "true");
        for (String info : new String[] {"jdk.JVMInformation", "jdk.OSInformation", "jdk.CPUInformation"}) {
            settings.put(info + "#enabled", "true");
            settings.put(info + "#period", "beginChunk");
        }
        return Collections.unmodifiableMap(settings);
    }

    /** Thread-sampling settings with allocation samples added (modes cpu+alloc and wall+alloc). */
    public static Map<String, String> withAllocation(Map<String, String> threadSettings, long intervalNanos, boolean allocationSample) {
        Map<String, String> settings = new LinkedHashMap<>(threadSettings);
        settings.putAll(forAllocation(intervalNanos, allocationSample));
        return Collections.unmodifiableMap(settings);
    }

    /**
     * Settings of a lock recording (mode lock): the JVM's lock events with their stacks, for waits of at
     * least {@code thresholdNanos}; and the active settings, so the reader knows the threshold.
     */
    public static Map<String, String> forLock(long thresholdNanos) {
        if (thresholdNanos < 0) throw new IllegalArgumentException("lock threshold must not be negative");
        Map<String, String> settings = new LinkedHashMap<>();
        for (String event : new String[] {MONITOR_ENTER, THREAD_PARK}) {
            settings.put(event + "#enabled", "true");
            settings.put(event + "#stackTrace", "true");
            settings.put(event + "#threshold", thresholdNanos + " ns");
        }
        settings.put("jdk.ActiveSetting#enabled", "true");
        settings.put(JprofEventNames.RECORDING_INFO + "#enabled", "true");
        for (String info : new String[] {"jdk.JVMInformation", "jdk.OSInformation", "jdk.CPUInformation"}) {
            settings.put(info + "#enabled", "true");
            settings.put(info + "#period", "beginChunk");
        }
        return Collections.unmodifiableMap(settings);
    }

    /** Other settings with lock waits added (modes cpu+lock, wall+lock, alloc+lock). */
    public static Map<String, String> withLock(Map<String, String> otherSettings, long thresholdNanos) {
        Map<String, String> settings = new LinkedHashMap<>(otherSettings);
        settings.putAll(forLock(thresholdNanos));
        return Collections.unmodifiableMap(settings);
    }

    /** The throttle for one allocation sample per interval on average: "100/s" for 10 ms, at least 1/s. */
    static String allocationThrottle(long intervalNanos) {
        return Math.max(1, Math.round(1e9 / intervalNanos)) + "/s";
    }

    /** The engine name for jprof.RecordingInfo in alloc mode. */
    public static String allocationEngineName(boolean allocationSample) {
        return allocationSample ? ENGINE_ALLOCATION_SAMPLE : ENGINE_TLAB;
    }

    /** Whether this JVM has jdk.ObjectAllocationSample (JDK 16+). Initialises JFR in this JVM. */
    public static boolean allocationSampleAvailable() {
        try {
            if (!FlightRecorder.isAvailable()) return false;
            for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
                if (ALLOCATION_SAMPLE.equals(type.getName())) return true;
            }
            return false;
        } catch (Throwable e) {
            return false;
        }
    }

    /** The engine name for jprof.RecordingInfo. */
    public static String engineName(boolean cpuTimeSampler) {
        return cpuTimeSampler ? ENGINE_CPU_TIME : ENGINE_EXECUTION_SAMPLE;
    }

    /** JFR's method sampler works in whole milliseconds (at least 1). */
    static String executionSamplePeriod(long intervalNanos) {
        long ms = Math.max(1, Math.round(intervalNanos / 1_000_000.0));
        return ms + " ms";
    }

    /** jdk.CPUTimeSample#throttle takes a CPU-time period with ns, us, ms or s (or a rate like 500/s). */
    static String cpuTimePeriod(long intervalNanos) {
        if (intervalNanos % 1_000_000 == 0) return intervalNanos / 1_000_000 + " ms";
        if (intervalNanos % 1_000 == 0) return intervalNanos / 1_000 + " us";
        return intervalNanos + " ns";
    }

    /**
     * Whether this JVM has JDK 25's CPU-time sampler (event type jdk.CPUTimeSample, Linux only).
     * Initialises JFR in this JVM; answers for this JVM only, not for one attached to.
     */
    public static boolean cpuTimeSamplerAvailable() {
        try {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) return false;
            if (!FlightRecorder.isAvailable()) return false;
            for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
                if (CPU_TIME_SAMPLE.equals(type.getName())) return true;
            }
            return false;
        } catch (Throwable e) {
            return false;
        }
    }
}
