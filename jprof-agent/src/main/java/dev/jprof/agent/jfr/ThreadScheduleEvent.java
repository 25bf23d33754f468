package dev.jprof.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * How long one OS thread of the process ran on a core, and how long it was ready to run but waited
 * for one, during the window that ends at the event (Linux's per-task schedstat; committed right after
 * the window's jprof.ThreadActivity events). JFR's samplers before JDK 25 sample by thread state, so a
 * thread seen running may have been waiting for a core; readers use this to tell. The thread is named
 * by its OS id, which JFR's thread constants map to the Java thread. Threads that are not Java threads
 * (the VM's own) are included too.
 */
@Name(JprofEventNames.THREAD_SCHEDULE)
@Label("jprof Thread Schedule")
@Category("jprof")
@Description("Per OS thread and window: time on a core and time waiting in the run queue")
@StackTrace(false)
public final class ThreadScheduleEvent extends Event {
    @Label("OS Thread Id")
    public long osThreadId;

    @Label("Run Time (ns)")
    public long runNanos;

    @Label("Run Queue Wait (ns)")
    public long waitNanos;

    @Label("Time Slices")
    @Description("Times the thread got a core")
    public long timeslices;

    /**
     * Whether this is JFR's own thread sampler ("JFR Thread Sampler"): it wakes once a period, so its
     * waits for a core tell how much later than asked the samples came.
     */
    @Label("JFR Thread Sampler")
    public boolean jfrSampler;
}
