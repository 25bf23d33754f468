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

    /** Request profiles: the HTTP method. */
    public static final String REQUEST_METHOD = "requestMethod";
    /** Request profiles: the URL's path, and its query with the values elided ({@code /orders?id=?}). */
    public static final String REQUEST_URL = "requestUrl";
    /** Request profiles: the response's status ("-1" when it could not be read). */
    public static final String REQUEST_STATUS = "requestStatus";
    /**
     * Request profiles: "true" when the request went on asynchronously after its entry point returned (a servlet's
     * startAsync): the profile holds its thread's part up to there, and its status was not known yet. Absent otherwise.
     */
    public static final String REQUEST_ASYNC = "requestAsync";
    /** Request profiles: the request's wall time, CPU time of its thread and bytes its thread allocated ("-1": not measured). */
    public static final String REQUEST_WALL_NANOS = "requestWallNanos";
    public static final String REQUEST_CPU_NANOS = "requestCpuNanos";
    public static final String REQUEST_ALLOCATED_BYTES = "requestAllocatedBytes";
    /** Request profiles: statements run through JDBC, and their total time. */
    public static final String REQUEST_SQL_COUNT = "requestSqlCount";
    public static final String REQUEST_SQL_NANOS = "requestSqlNanos";

    private Attributes() {
    }
}
