package dev.jprof.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * How much one thread ran during the event's window (start time to end time). Periodic at chunk end
 * only so that the agent gets called back, and flushes its partial window, whenever a chunk ends,
 * which includes the recording being stopped (by the JVM's shutdown, or over JMX).
 */
@Name(JprofEventNames.THREAD_ACTIVITY)
@Label("jprof Thread Activity")
@Category("jprof")
@Description("Per thread and window: wall-sampler ticks at which the thread ran Java code, and the CPU time it used")
@StackTrace(false)
@Period("endChunk")
public final class ThreadActivityEvent extends Event {
    @Label("Sampled Thread")
    public Thread sampledThread;

    /**
     * Thread.getId() of the sampled thread. JFR before JDK 21 writes a null sampledThread for a thread
     * that ended before the event was committed (the last window of a thread), so readers fall back to
     * this and {@link #threadName}.
     */
    @Label("Java Thread Id")
    public long javaThreadId;

    /**
     * The thread's name, only when it had ended by the time of the event (null otherwise: sampledThread
     * has it). Kept out of live threads' events because JDK 17's string pool can lose repeated strings in
     * a second recording of the same JVM.
     */
    @Label("Thread Name")
    public String threadName;

    @Label("Runnable Ticks")
    @Description("Wall-sampler ticks at which the thread was runnable in Java code (0 in cpu mode)")
    public long runnableTicks;

    @Label("CPU Time (ns)")
    @Description("CPU time the thread used in the window, in nanoseconds; -1 when unknown")
    public long cpuNanos;
}
