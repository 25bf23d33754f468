package dev.jprof.capture.jfr;

/**
 * How much one thread ran during a window of the recording, measured beside JFR's samples so that
 * the samples can be weighted right even when JFR samples only some threads per period.
 *
 * @param javaThreadId  Thread.getId() of the thread
 * @param threadName    its name
 * @param startNanos    window start, epoch nanoseconds
 * @param endNanos      window end, epoch nanoseconds
 * @param runnableTicks wall-sampler ticks at which the thread was runnable in Java code (0 in cpu mode)
 * @param cpuNanos      CPU time the thread used in the window (-1 when unknown)
 */
public record ThreadActivity(long javaThreadId, String threadName, long startNanos, long endNanos,
                             long runnableTicks, long cpuNanos) {
}
