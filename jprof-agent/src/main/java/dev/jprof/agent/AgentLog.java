package dev.jprof.agent;

import java.util.concurrent.atomic.AtomicBoolean;

/** The agent's only output: single lines on stderr, prefixed so a user knows who speaks. */
public final class AgentLog {
    public static final String PREFIX = "jprof agent: ";

    private AgentLog() {
    }

    public static void line(String message) {
        try {
            System.err.println(PREFIX + message);
        } catch (Throwable ignored) {
            // stderr closed: nothing to do
        }
    }

    /** Logs the message only the first time this flag is used. */
    public static void once(AtomicBoolean flag, String message) {
        if (flag.compareAndSet(false, true)) line(message);
    }

    /** A throwable on one line: its class and message, without the stack. */
    public static String describe(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getName();
        if (message == null || message.isEmpty()) return name;
        int nl = message.indexOf('\n');
        return name + ": " + (nl < 0 ? message : message.substring(0, nl));
    }
}
