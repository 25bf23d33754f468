package dev.jprof.agent.jfr;

/**
 * Names of jprof's events and fields, as in jprof-core's dev.jprof.capture.jfr.JprofEvents (the
 * contract readers rely on; the agent cannot depend on core, so they are repeated here and a test
 * keeps the two equal).
 */
public final class JprofEventNames {
    public static final String RECORDING_INFO = "jprof.RecordingInfo";
    public static final String WAIT_SAMPLE = "jprof.WaitSample";
    public static final String THREAD_ACTIVITY = "jprof.ThreadActivity";
    public static final String THREAD_SCHEDULE = "jprof.ThreadSchedule";

    private JprofEventNames() {
    }
}
