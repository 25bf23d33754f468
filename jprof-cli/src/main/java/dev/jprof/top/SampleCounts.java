package dev.jprof.top;

import java.util.HashMap;
import java.util.Map;

/**
 * The samples received since the last reset, as weight (estimated CPU nanoseconds) and count per
 * distinct stack of a thread, plus the same for the window since the last {@link #takeWindow}.
 * Filled by the stream's thread, read by the screen's: every method is synchronized.
 */
final class SampleCounts {
    /** Totals of one distinct stack. */
    static final class Tally {
        long nanos;
        long samples;

        void add(long nanos, long samples) {
            this.nanos += nanos;
            this.samples += samples;
        }
    }

    private Map<StackSample, Tally> total = new HashMap<>();
    private Map<StackSample, Tally> window = new HashMap<>();
    private long samples;
    private long firstEpochNanos;
    private long lastEpochNanos;

    /** Adds one sample of {@code nanos} estimated CPU, taken at {@code epochNanos}. */
    synchronized void add(StackSample sample, long nanos, long epochNanos) {
        if (samples == 0 || epochNanos < firstEpochNanos) firstEpochNanos = epochNanos;
        if (samples == 0 || epochNanos > lastEpochNanos) lastEpochNanos = epochNanos;
        total.computeIfAbsent(sample, k -> new Tally()).add(nanos, 1);
        window.computeIfAbsent(sample, k -> new Tally()).add(nanos, 1);
        samples++;
    }

    /** Runs {@code adds}, calls of {@link #add}, with no window or total taken before all of them are in. */
    synchronized void addAll(Runnable adds) {
        adds.run();
    }

    /** A copy of everything since the reset. */
    synchronized Map<StackSample, Tally> total() {
        return copy(total);
    }

    /** The samples since the last call (or reset), and starts a new window. */
    synchronized Map<StackSample, Tally> takeWindow() {
        Map<StackSample, Tally> taken = window;
        window = new HashMap<>();
        return taken;
    }

    synchronized long samples() {
        return samples;
    }

    /** The time between the first and the last sample since the reset. */
    synchronized double sampledSeconds() {
        return samples < 2 ? 0 : (lastEpochNanos - firstEpochNanos) / 1e9;
    }

    /** Samples per second over {@link #sampledSeconds}, 0 before there are two. */
    synchronized double samplesPerSecond() {
        double seconds = sampledSeconds();
        return seconds > 0 ? (samples - 1) / seconds : 0;
    }

    synchronized void reset() {
        total = new HashMap<>();
        window = new HashMap<>();
        samples = 0;
    }

    private static Map<StackSample, Tally> copy(Map<StackSample, Tally> from) {
        Map<StackSample, Tally> copy = new HashMap<>(from.size() * 2);
        from.forEach((k, v) -> copy.computeIfAbsent(k, x -> new Tally()).add(v.nanos, v.samples));
        return copy;
    }
}
