package dev.jprof.capture.jfr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much of the time each OS thread was ready to run it had a core, per window (jprof.ThreadSchedule
 * events, each committed as its window ends). On a machine with more runnable threads than cores, a
 * thread that JFR sees running Java or native code waits for a core part of that time, using no CPU.
 * And JFR's own sampler, which sleeps a period after each round, waits for a core too before the next
 * round: its times tell the real period.
 */
final class ThreadSchedules {
    /** Per OS thread id: {event time, run nanoseconds, wait nanoseconds} in the order read. */
    private final Map<Long, List<long[]>> byThread = new HashMap<>();
    /** JFR's thread sampler: {event time, run nanoseconds, wait nanoseconds, time slices}. */
    private final List<long[]> sampler = new ArrayList<>();

    void add(long osThreadId, long timeNanos, long runNanos, long waitNanos, long timeslices, boolean jfrSampler) {
        if (jfrSampler) sampler.add(new long[] {timeNanos, runNanos, waitNanos, timeslices});
        else byThread.computeIfAbsent(osThreadId, k -> new ArrayList<>()).add(new long[] {timeNanos, runNanos, waitNanos});
    }

    void addAll(ThreadSchedules later) {
        later.byThread.forEach((id, list) -> byThread.computeIfAbsent(id, k -> new ArrayList<>()).addAll(list));
        sampler.addAll(later.sampler);
    }

    void sort() {
        for (List<long[]> list : byThread.values()) list.sort((a, b) -> Long.compare(a[0], b[0]));
        sampler.sort((a, b) -> Long.compare(a[0], b[0]));
    }

    /**
     * The time between two of JFR's sampling rounds in the window [start, end), 0 when unknown. The
     * sampler sleeps the period asked for after each round; the rest of the time it runs or waits for a
     * core (also within a round: it waits for each thread it stops), so if that is a part b of the
     * window, a round comes every period / (1 - b).
     */
    long samplerPeriod(long askedNanos, long startNanos, long endNanos) {
        long[] found = after(sampler, startNanos, endNanos);
        if (found == null || endNanos <= startNanos) return 0;
        double busy = Math.min(0.9, (found[1] + found[2]) / (double) (endNanos - startNanos));
        return Math.round(askedNanos / (1 - busy));
    }

    /**
     * The part of its ready time the thread spent on a core in the window [start, end), 1 when nothing
     * was measured. Call {@link #sort} first.
     */
    double onCore(long osThreadId, long startNanos, long endNanos) {
        long[] found = after(byThread.get(osThreadId), startNanos, endNanos);
        if (found == null) return 1;
        long ready = found[1] + found[2];
        return found[1] <= 0 || ready <= 0 ? 1 : found[1] / (double) ready;
    }

    /** The first event at or after the window's end, when it comes before the middle of the next window. */
    private static long[] after(List<long[]> list, long startNanos, long endNanos) {
        if (list == null) return null;
        int lo = 0;
        int hi = list.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (list.get(mid)[0] < endNanos) lo = mid + 1;
            else hi = mid;
        }
        if (lo == list.size()) return null;
        long[] found = list.get(lo);
        return found[0] - endNanos > (endNanos - startNanos) / 2 ? null : found;
    }
}
