package dev.jprof.model;

/** Well-known keys of {@link Profile#attributes()}. */
public final class Attributes {
    /** Title shown on reports. */
    public static final String TITLE = "title";
    /** cpu, wall, or both separated by '+'. */
    public static final String MODE = "mode";
    /** The capture engine, for example "jfr-execution-sample" or "jfr-cpu-time". */
    public static final String ENGINE = "engine";
    /** Why jprof ran that engine: "auto: ..." or "asked for", or why it fell back to another. */
    public static final String ENGINE_CHOICE = "engineChoice";
    /** Requested sampling interval in nanoseconds. */
    public static final String INTERVAL_NANOS = "intervalNanos";
    /** Recording start, epoch milliseconds. */
    public static final String START_MILLIS = "startMillis";
    /** Recording length in nanoseconds. */
    public static final String DURATION_NANOS = "durationNanos";
    /** Achieved samples per second per sampled thread, as a decimal. */
    public static final String ACHIEVED_RATE = "achievedRate";
    /** Lock profiles: the JVM's threshold of its lock events in nanoseconds: shorter waits are not in the profile. */
    public static final String LOCK_THRESHOLD_NANOS = "lockThresholdNanos";
    /** Lock profiles by async-profiler: its lock interval in nanoseconds, one record per interval of waiting. */
    public static final String LOCK_INTERVAL_NANOS = "lockIntervalNanos";
    /** The profiled program: command line or pid. */
    public static final String TARGET = "target";
    /** Java version of the profiled JVM. */
    public static final String JVM_VERSION = "jvmVersion";

    /** Tracing: the hooks' measured cost per call, in nanoseconds, subtracted from the times ("0" when not). */
    public static final String TRACE_OVERHEAD_NANOS = "traceOverheadNanos";

    private Attributes() {
    }
}
