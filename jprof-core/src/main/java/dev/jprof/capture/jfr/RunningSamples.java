package dev.jprof.capture.jfr;

import dev.jprof.capture.jfr.file.JfrThread;

import java.util.Arrays;

/**
 * Samples of running threads before weighting, in columns (a large recording has millions): time,
 * sampling period (0 = the recording's interval), interned stack, thread, and whether JFR's
 * native-method sampler took it (the thread was in native code, running or blocked there). A thread
 * is an (id, name) pair, kept once.
 */
final class RunningSamples {
    private int size;
    private long[] times = new long[1024];
    private long[] periods = new long[1024];
    private int[] stacks = new int[1024];
    private int[] threads = new int[1024];
    private boolean[] natives = new boolean[1024];

    private final SampledThreads threadRefs = new SampledThreads();

    void add(Object fromChunk, JfrThread thread, long time, int stack, long periodNanos) {
        add(fromChunk, thread, time, stack, periodNanos, false);
    }

    void add(Object fromChunk, JfrThread thread, long time, int stack, long periodNanos, boolean inNative) {
        add(time, periodNanos, stack, threadRefs.index(fromChunk, thread), inNative);
    }
    private void add(long time, long periodNanos, int stack, int thread, boolean inNative) {
        if (size == times.length) {
            int capacity = size * 2;
            times = Arrays.copyOf(times, capacity);
            periods = Arrays.copyOf(periods, capacity);
            stacks = Arrays.copyOf(stacks, capacity);
            threads = Arrays.copyOf(threads, capacity);
            natives = Arrays.copyOf(natives, capacity);
        }
        times[size] = time;
        periods[size] = periodNanos;
        stacks[size] = stack;
        threads[size] = thread;
        natives[size] = inNative;
        size++;
    }

    /** Adds another part's samples after these, its stack ids mapped by {@code stackIds}. */
    void append(RunningSamples later, int[] stackIds) {
        int[] refs = threadRefs.absorb(later.threadRefs);
        for (int i = 0; i < later.size; i++) {
            add(later.times[i], later.periods[i], stackIds[later.stacks[i]], refs[later.threads[i]], later.natives[i]);
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

    long period(int sample) {
        return periods[sample];
    }

    int stack(int sample) {
        return stacks[sample];
    }

    /** Whether JFR's native-method sampler took the sample (jdk.NativeMethodSample). */
    boolean isNative(int sample) {
        return natives[sample];
    }

    /** Index of the sample's thread in {@link #threads}. */
    int thread(int sample) {
        return threads[sample];
    }

    /** The threads {@link #thread} indexes. */
    SampledThreads threads() {
        return threadRefs;
    }

    /** Sorts sample indexes by time, keeping the order of samples with equal times (a merge sort). */
    void sortByTime(int[] samples, int from, int to, int[] scratch) {
        if (to - from < 2) return;
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int s = samples[i];
                long t = times[s];
                int j = i - 1;
                while (j >= from && times[samples[j]] > t) {
                    samples[j + 1] = samples[j];
                    j--;
                }
                samples[j + 1] = s;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sortByTime(samples, from, mid, scratch);
        sortByTime(samples, mid, to, scratch);
        if (times[samples[mid - 1]] <= times[samples[mid]]) return;
        System.arraycopy(samples, from, scratch, from, to - from);
        int a = from;
        int b = mid;
        for (int k = from; k < to; k++) {
            if (b >= to || a < mid && times[scratch[a]] <= times[scratch[b]]) samples[k] = scratch[a++];
            else samples[k] = scratch[b++];
        }
    }
}
