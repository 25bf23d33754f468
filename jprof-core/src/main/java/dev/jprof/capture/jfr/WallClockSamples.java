package dev.jprof.capture.jfr;

import dev.jprof.capture.jfr.file.JfrThread;
import dev.jprof.model.ThreadState;

import java.util.Arrays;

/**
 * async-profiler's profiler.WallClockSample events in columns (60 s at 1 ms of a thousand threads is a million of
 * them): time, interned stack, thread, the thread's state, and how many ticks of the thread's wall clock the
 * sample stands for.
 */
final class WallClockSamples {
    private static final ThreadState[] STATES = ThreadState.values();

    private int size;
    private long[] times = new long[1024];
    private int[] stacks = new int[1024];
    private int[] threads = new int[1024];
    private int[] counts = new int[1024];
    private byte[] states = new byte[1024];

    private final SampledThreads threadRefs = new SampledThreads();

    void add(Object fromChunk, JfrThread thread, long time, int stack, ThreadState state, int count) {
        add(time, stack, threadRefs.index(fromChunk, thread), state.ordinal(), count);
    }

    private void add(long time, int stack, int thread, int state, int count) {
        if (size == times.length) {
            int capacity = size * 2;
            times = Arrays.copyOf(times, capacity);
            stacks = Arrays.copyOf(stacks, capacity);
            threads = Arrays.copyOf(threads, capacity);
            counts = Arrays.copyOf(counts, capacity);
            states = Arrays.copyOf(states, capacity);
        }
        times[size] = time;
        stacks[size] = stack;
        threads[size] = thread;
        states[size] = (byte) state;
        counts[size] = count;
        size++;
    }

    /** Adds another part's samples after these, its stack ids mapped by {@code stackIds}. */
    void append(WallClockSamples later, int[] stackIds) {
        int[] refs = threadRefs.absorb(later.threadRefs);
        for (int i = 0; i < later.size; i++) {
            int stack = later.stacks[i];
            add(later.times[i], stack < 0 ? -1 : stackIds[stack], refs[later.threads[i]], later.states[i], later.counts[i]);
        }
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long time(int sample) {
        return times[sample];
    }

    /** The interned stack, or -1 for none. */
    int stack(int sample) {
        return stacks[sample];
    }

    ThreadState state(int sample) {
        return STATES[states[sample]];
    }

    int count(int sample) {
        return counts[sample];
    }

    /** Index of the sample's thread in {@link #threads}. */
    int thread(int sample) {
        return threads[sample];
    }

    /** The threads {@link #thread} indexes. */
    SampledThreads threads() {
        return threadRefs;
    }
}
