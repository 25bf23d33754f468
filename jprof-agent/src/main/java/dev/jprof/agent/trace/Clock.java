package dev.jprof.agent.trace;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/** What a traced call's time is measured with. */
enum Clock {
    /** System.nanoTime. */
    WALL,
    /** The thread's CPU time, like yappi's cpu clock. */
    CPU,
    /** No time: exact counts only, the cheapest. */
    NONE;

    private static ThreadMXBean threads;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Clock parse(String text) {
        for (Clock clock : values()) {
            if (clock.label().equalsIgnoreCase(text.trim())) return clock;
        }
        throw new IllegalArgumentException("unknown clock '" + text + "' (expected wall, cpu or none)");
    }

    /** Prepares the clock; IllegalStateException when this JVM cannot measure it. */
    void init() {
        if (this != CPU) return;
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!bean.isCurrentThreadCpuTimeSupported()) throw new IllegalStateException("this JVM cannot measure thread CPU time");
        if (!bean.isThreadCpuTimeEnabled()) bean.setThreadCpuTimeEnabled(true);
        threads = bean;
    }

    static long cpuNow() {
        return threads.getCurrentThreadCpuTime();
    }
}
