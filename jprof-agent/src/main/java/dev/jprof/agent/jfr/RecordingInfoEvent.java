package dev.jprof.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** Once at start: how the recording was set up. */
@Name(JprofEventNames.RECORDING_INFO)
@Label("jprof Recording Info")
@Category("jprof")
@Description("How jprof set up this recording")
@StackTrace(false)
public final class RecordingInfoEvent extends Event {
    @Label("Mode")
    @Description("cpu or wall")
    public String mode;

    @Label("Interval (ns)")
    @Description("Requested time between two samples of a thread, in nanoseconds")
    public long intervalNanos;

    @Label("Engine")
    @Description("JFR's sampler for running threads: jfr-execution-sample or jfr-cpu-time")
    public String engine;

    @Label("DebugNonSafepoints")
    @Description("Whether the JVM runs with -XX:+DebugNonSafepoints (inlined frames kept)")
    public boolean debugNonSafepoints;
}
