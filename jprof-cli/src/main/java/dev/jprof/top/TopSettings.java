package dev.jprof.top;

import java.time.Duration;

/**
 * How {@link LiveTop} runs.
 *
 * @param interval   time between two samples of a running thread
 * @param refresh    time between two screens (or two printed tables)
 * @param iterations tables to print before exiting; 0 for as long as the user wants (interactive)
 * @param lines      rows per method and line instead of per method
 * @param perThread  rows per thread and method
 * @param nativeCode rows for native, JVM and kernel frames (where the engine sees them) instead of folding
 *                   their time into the calling Java frame
 * @param sort       "own", "total", "own-time" or "total-time"
 * @param maxRows    rows per printed table (the full screen shows what fits)
 */
public record TopSettings(Duration interval, Duration refresh, int iterations, boolean lines, boolean perThread,
                          boolean nativeCode, String sort, int maxRows) {
    public TopSettings {
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("--interval must be positive");
        if (refresh.toMillis() < 100) throw new IllegalArgumentException("--refresh must be at least 100ms");
        if (iterations < 0) throw new IllegalArgumentException("--iterations must not be negative");
        if (maxRows <= 0) throw new IllegalArgumentException("--top must be positive");
        sortColumn(sort);
    }

    TopTable.Sort sortColumn() {
        return sortColumn(sort);
    }

    private static TopTable.Sort sortColumn(String sort) {
        return switch (sort) {
            case "own" -> TopTable.Sort.OWN_SHARE;
            case "total" -> TopTable.Sort.TOTAL_SHARE;
            case "own-time" -> TopTable.Sort.OWN_TIME;
            case "total-time" -> TopTable.Sort.TOTAL_TIME;
            default -> throw new IllegalArgumentException("unknown sort column '" + sort + "' (expected own, total, own-time or total-time)");
        };
    }
}
