package dev.jprof.capture.jfr;

/**
 * Names of the JFR events jprof's agent writes beside the JVM's own, and their fields. The agent
 * (compiled for Java 11, in jprof-agent) declares the events; this class is what readers rely on.
 *
 * <p>Stacks in {@link #WAIT_SAMPLE} are text: one frame per line, leaf first, each line
 * {@code class\tmethod\tfile\tline} (file may be empty, line 0 when unknown).
 */
public final class JprofEvents {
    /** Once at start: how the recording was set up. */
    public static final String RECORDING_INFO = "jprof.RecordingInfo";
    /** String: "cpu", "wall", "alloc" or "lock", or several joined by '+', the main one first ("cpu+alloc+lock"). */
    public static final String FIELD_MODE = "mode";
    /** long: requested interval in nanoseconds. */
    public static final String FIELD_INTERVAL = "intervalNanos";
    /** String: the engine of each mode, joined by '+' like the modes, e.g. "jfr-cpu-time+jfr-lock". */
    public static final String FIELD_ENGINE = "engine";
    /** boolean: whether the JVM runs with -XX:+DebugNonSafepoints (inlined frames kept). */
    public static final String FIELD_DEBUG_NON_SAFEPOINTS = "debugNonSafepoints";

    /**
     * A thread seen by the wall sampler in a state other than running Java code, {@code count} times
     * with the same stack during the event's window (start time to end time).
     */
    public static final String WAIT_SAMPLE = "jprof.WaitSample";
    /** Thread: the sampled thread (null before JDK 21 when the thread had ended: then see the two fields below). */
    public static final String FIELD_SAMPLED_THREAD = "sampledThread";
    /** long: Thread.getId() of the sampled thread, always set (WaitSample and ThreadActivity). */
    public static final String FIELD_JAVA_THREAD_ID = "javaThreadId";
    /** String: the thread's name, set when the thread had ended (WaitSample and ThreadActivity). */
    public static final String FIELD_THREAD_NAME = "threadName";
    /** String: a {@code dev.jprof.model.ThreadState} name (NATIVE, BLOCKED, WAITING, TIMED_WAITING). */
    public static final String FIELD_STATE = "state";
    /** String: the stack, see the class comment. */
    public static final String FIELD_STACK = "stack";
    /** int: ticks with this thread, state and stack in the window. */
    public static final String FIELD_COUNT = "count";

    /** Per thread and window (start time to end time): see {@link ThreadActivity}. Uses {@link #FIELD_SAMPLED_THREAD}. */
    public static final String THREAD_ACTIVITY = "jprof.ThreadActivity";
    /** long: wall-sampler ticks at which the thread was runnable in Java code. */
    public static final String FIELD_RUNNABLE_TICKS = "runnableTicks";
    /** long: CPU nanoseconds used in the window, -1 when unknown. */
    public static final String FIELD_CPU_NANOS = "cpuNanos";

    /**
     * Per OS thread that ran in a window, cpu mode before JDK 25, committed as the window ends (right after
     * its {@link #THREAD_ACTIVITY} events): time on a core and time ready to run but waiting for one (Linux only).
     */
    public static final String THREAD_SCHEDULE = "jprof.ThreadSchedule";
    /** long: the OS thread id (JFR's thread constants have it beside the Java thread's). */
    public static final String FIELD_OS_THREAD_ID = "osThreadId";
    /** long: nanoseconds on a core. */
    public static final String FIELD_RUN_NANOS = "runNanos";
    /** long: nanoseconds waiting in the run queue. */
    public static final String FIELD_WAIT_NANOS = "waitNanos";
    /** long: times the thread got a core. */
    public static final String FIELD_TIMESLICES = "timeslices";
    /** boolean: whether the thread is JFR's thread sampler (not a Java thread), which wakes once a sampling period. */
    public static final String FIELD_JFR_SAMPLER = "jfrSampler";

    private JprofEvents() {
    }

    /** Of a RecordingInfo mode or engine of a run of several modes ("cpu+alloc"): the main mode's part, the first. */
    static String threadPart(String value) {
        int plus = value.indexOf('+');
        return plus < 0 ? value : value.substring(0, plus);
    }

    /**
     * Of a RecordingInfo engine of a run of several modes ({@code modes} "cpu+alloc+lock", engine
     * "jfr-cpu-time+jfr-allocation-sample+jfr-lock"): the engine of {@code mode}, at the same place.
     */
    static String enginePart(String modes, String engines, String mode) {
        String[] modeParts = modes.split("\\+");
        String[] engineParts = engines.split("\\+");
        for (int i = 0; i < modeParts.length; i++) {
            if (modeParts[i].equals(mode) && modeParts.length == engineParts.length) return engineParts[i];
        }
        return engines;
    }
}
