package dev.jprof.capture;

import java.util.Locale;

/** What a sampling run measures. */
public enum Mode {
    /** Threads running Java code, weighted by the CPU time they used. */
    CPU,
    /** Every thread at a fixed rate whatever its state: running, sleeping, waiting, blocked, in native. */
    WALL,
    /** Where memory is allocated: JFR's allocation samples, weighted by the bytes each stands for. */
    ALLOC,
    /** Who waits for which lock: contended monitor enters and parks on java.util.concurrent locks, weighted by the wait. */
    LOCK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode parse(String text) {
        for (Mode mode : values()) {
            if (mode.label().equalsIgnoreCase(text.trim())) return mode;
        }
        throw new IllegalArgumentException("unknown mode '" + text + "' (expected cpu, wall, alloc or lock, or several in one run such as cpu,alloc or wall,lock)");
    }
}
