package dev.jprof.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A thread seen by the wall sampler in a state other than running Java code, count times with the
 * same stack during the event's window (start time to end time). The stack is text: one frame per
 * line, leaf first, each line class TAB method TAB file TAB line.
 */
@Name(JprofEventNames.WAIT_SAMPLE)
@Label("jprof Wait Sample")
@Category("jprof")
@Description("Ticks of jprof's wall sampler at which a thread was native, blocked, waiting or timed-waiting with this stack")
@StackTrace(false)
public final class WaitSampleEvent extends Event {
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

    @Label("State")
    @Description("NATIVE, BLOCKED, WAITING or TIMED_WAITING")
    public String state;

    @Label("Stack")
    @Description("One frame per line, leaf first: class, method, file, line separated by tabs")
    public String stack;

    @Label("Count")
    @Description("Ticks with this thread, state and stack in the window")
    public int count;
}
