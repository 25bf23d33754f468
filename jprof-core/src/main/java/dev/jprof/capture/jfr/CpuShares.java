package dev.jprof.capture.jfr;

/**
 * How one thread's measured CPU time in one window is shared among the window's samples from JFR's
 * two samplers before JDK 25: execution samples (the thread ran Java code) and native-method samples
 * (the thread was in a native method, running there or blocked in a read, a poll, an accept).
 *
 * <p>Each sample claims the time it stands for (a sampling period, times the number of threads the
 * sampler chose among, see {@link SamplerRounds}). A thread in Java code is on a core, so the Java
 * samples are served first, up to their claims; the native samples get what CPU time is left, up to
 * theirs, so that time blocked in native code gets no CPU. What is left after both is time neither
 * sampler saw (inside the VM: allocation slow paths, GC work, class loading) and is returned, unless
 * some Java samples came from rounds where the sampler had to choose (it takes a few threads per round):
 * their claims are only a lower bound, so they take the rest.
 */
final class CpuShares {
    static final byte JAVA = 0;
    /** An execution sample from a round with as many samples as the sampler takes: the thread may stand for more periods. */
    static final byte JAVA_CHOSEN = 1;
    static final byte NATIVE = 2;

    private CpuShares() {
    }

    /**
     * Shares {@code cpuNanos} among samples [from, to): {@code claims[i]} nanoseconds claimed by sample
     * i of kind {@code kinds[i]}; writes each sample's time to {@code out[i]}.
     *
     * @return the CPU time left to no sample (0 or more)
     */
    static long share(long cpuNanos, long[] claims, byte[] kinds, int from, int to, long[] out) {
        long javaClaims = 0;
        long nativeClaims = 0;
        int chosen = 0;
        for (int i = from; i < to; i++) {
            if (kinds[i] == NATIVE) nativeClaims += claims[i];
            else javaClaims += claims[i];
            if (kinds[i] == JAVA_CHOSEN) chosen++;
        }
        long java = Math.min(cpuNanos, javaClaims);
        long inNative = Math.min(cpuNanos - java, nativeClaims);
        long rest = cpuNanos - java - inNative;
        spread(java, javaClaims, claims, kinds, false, from, to, out);
        spread(inNative, nativeClaims, claims, kinds, true, from, to, out);
        if (rest > 0 && chosen > 0) {
            int j = 0;
            for (int i = from; i < to; i++) {
                if (kinds[i] != JAVA_CHOSEN) continue;
                out[i] += rest * (j + 1) / chosen - rest * j / chosen;
                j++;
            }
            rest = 0;
        }
        return rest;
    }

    /** {@code amount} in proportion to the claims of one kind (Java or native), in whole nanoseconds that add up. */
    private static void spread(long amount, long total, long[] claims, byte[] kinds, boolean ofNatives, int from, int to, long[] out) {
        long before = 0;
        for (int i = from; i < to; i++) {
            if ((kinds[i] == NATIVE) != ofNatives) continue;
            long upTo = before + claims[i];
            out[i] = total == 0 ? 0 : part(amount, upTo, total) - part(amount, before, total);
            before = upTo;
        }
    }

    /** amount * share / total rounded down, exact at share == total (the product can exceed a long). */
    private static long part(long amount, long share, long total) {
        if (share >= total) return amount;
        if (Math.multiplyHigh(amount, share) == 0 && amount * share >= 0) return amount * share / total;
        return (long) Math.floor((double) amount * share / total);
    }
}
