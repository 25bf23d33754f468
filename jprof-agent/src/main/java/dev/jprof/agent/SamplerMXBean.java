package dev.jprof.agent;

/**
 * The agent's control in the profiled JVM's platform MBean server, under {@link #OBJECT_NAME}: present
 * exactly while an agent loaded with agentmain (jprof's attach engine) runs its sampler.
 */
public interface SamplerMXBean {
    String OBJECT_NAME = "dev.jprof:type=Sampler";

    /** Stops the sampler after committing its last partial window, and unregisters this MBean. */
    void stop();

    boolean isRunning();

    /** cpu or wall. */
    String getMode();

    long getIntervalNanos();

    /** jfr-execution-sample or jfr-cpu-time. */
    String getEngine();

    /** Ticks of the wall sampler so far (0 in cpu mode). */
    long getTickCount();

    /** Mean wall-clock cost of one tick in ns. */
    long getMeanTickNanos();

    long getMaxTickNanos();

    /** One line with the sampler's cost. */
    String getStats();
}
