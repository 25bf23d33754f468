package dev.jprof.model;

/** What a thread was doing when sampled. Java's Thread.State, with RUNNABLE split into Java and native code. */
public enum ThreadState {
    RUNNABLE,
    NATIVE,
    BLOCKED,
    WAITING,
    TIMED_WAITING,
    UNKNOWN;

    private static final ThreadState[] VALUES = values();

    public static ThreadState of(int ordinal) {
        return VALUES[ordinal];
    }

    /** Sleeping, waiting or blocked: the samples that py-spy hides unless --idle. */
    public boolean isIdle() {
        return this == BLOCKED || this == WAITING || this == TIMED_WAITING;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
