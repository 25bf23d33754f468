package dev.jprof.capture.jfr;

import java.util.HashMap;
import java.util.Map;

/**
 * What JFR's thread sampler did round by round before JDK 25, read back from its samples, and so how
 * much time each sample stands for. Every period the sampler takes at most {@value #JAVA_PER_ROUND}
 * threads that run Java code (jdk.ExecutionSample) and one thread in a native method
 * (jdk.NativeMethodSample), each time going on round the thread list from the thread it stopped at
 * (hotspot's jfrThreadSampler.cpp). So:
 * <ul>
 *   <li>a round's samples come within a small part of a period, and rounds follow each other a
 *       period apart, a little more (the sampler sleeps a period after each round): that gives the
 *       real period;</li>
 *   <li>an execution sample from a round of {@value #JAVA_PER_ROUND} stands for at least one period:
 *       the sampler had to choose among the threads in Java code;</li>
 *   <li>a native-method sample stands for as many periods as there were threads in native code to
 *       choose from: its own thread and the other threads the native sampler took more than once around
 *       it (a thread taken once went through native code only briefly, a write for example).</li>
 * </ul>
 */
final class SamplerRounds {
    static final int JAVA_PER_ROUND = 5;
    /** Native samples this many periods either side count the threads in native code; widened when all of them differ. */
    private static final int NEAR_PERIODS = 16;
    private static final int WIDENINGS = 3;

    /** The period between two rounds, from the gaps between them (late rounds left out: see {@link ThreadSchedules#samplerPeriod}). */
    final long periodNanos;
    /** Per sample of the {@link RunningSamples}: how many periods it stands for. */
    final int[] claims;
    /** Per sample: {@link CpuShares#JAVA}, {@link CpuShares#JAVA_CHOSEN} or {@link CpuShares#NATIVE}. */
    final byte[] kinds;

    private SamplerRounds(long periodNanos, int[] claims, byte[] kinds) {
        this.periodNanos = periodNanos;
        this.claims = claims;
        this.kinds = kinds;
    }

    static SamplerRounds of(RunningSamples running, long intervalNanos) {
        int n = running.size();
        int[] byTime = new int[n];
        for (int i = 0; i < n; i++) byTime[i] = i;
        running.sortByTime(byTime, 0, n, new int[n]);

        byte[] kinds = new byte[n];
        long gaps = 0;
        long gapSum = 0;
        long roundStart = Long.MIN_VALUE;
        int roundFrom = 0;
        int javaInRound = 0;
        for (int k = 0; k <= n; k++) {
            long t = k < n ? running.time(byTime[k]) : Long.MAX_VALUE;
            if (k == n || k > 0 && t - running.time(byTime[k - 1]) >= intervalNanos / 2) {
                if (javaInRound >= JAVA_PER_ROUND) {
                    for (int j = roundFrom; j < k; j++) {
                        if (!running.isNative(byTime[j])) kinds[byTime[j]] = CpuShares.JAVA_CHOSEN;
                    }
                }
                if (k == n) break;
                long gap = t - roundStart;
                if (roundStart != Long.MIN_VALUE && gap < intervalNanos * 3 / 2) {
                    gaps++;
                    gapSum += gap;
                }
                roundStart = t;
                roundFrom = k;
                javaInRound = 0;
            } else if (k == 0) {
                roundStart = t;
            }
            if (running.isNative(byTime[k])) kinds[byTime[k]] = CpuShares.NATIVE;
            else javaInRound++;
        }
        long period = gaps == 0 ? intervalNanos : Math.max(intervalNanos, Math.min(2 * intervalNanos, gapSum / gaps));

        int[] claims = new int[n];
        int natives = 0;
        for (int k = 0; k < n; k++) if (kinds[byTime[k]] == CpuShares.NATIVE) natives++;
        int[] nativeByTime = new int[natives];
        int m = 0;
        for (int k = 0; k < n; k++) if (kinds[byTime[k]] == CpuShares.NATIVE) nativeByTime[m++] = byTime[k];
        int[] choices = threadsToChooseFrom(running, nativeByTime, period);
        java.util.Arrays.fill(claims, 1);
        for (int j = 0; j < natives; j++) claims[nativeByTime[j]] = choices[j];
        return new SamplerRounds(period, claims, kinds);
    }

    /**
     * For each native sample (in time order), the threads in native code to choose from, counted in a
     * span around it; a span in which nearly every round took another thread is too short to have seen
     * them all, and is widened.
     */
    private static int[] threadsToChooseFrom(RunningSamples running, int[] nativeByTime, long period) {
        int[] result = new int[nativeByTime.length];
        long half = NEAR_PERIODS * period;
        boolean[] settled = new boolean[nativeByTime.length];
        int[] distinct = new int[nativeByTime.length];
        int[] choices = new int[nativeByTime.length];
        for (int widening = 0; widening <= WIDENINGS; widening++, half *= 4) {
            countAround(running, nativeByTime, half, distinct, choices);
            long rounds = 2 * half / period + 1;
            boolean more = false;
            for (int j = 0; j < result.length; j++) {
                if (settled[j]) continue;
                result[j] = choices[j];
                if (distinct[j] * 2L < rounds || widening == WIDENINGS) settled[j] = true;
                else more = true;
            }
            if (!more) break;
        }
        return result;
    }

    /**
     * For each sample, among the samples within {@code half} either side of it (a sliding window): the
     * distinct threads, and its own thread plus the other threads taken at least twice.
     */
    private static void countAround(RunningSamples running, int[] byTime, long half, int[] distinct, int[] choices) {
        Map<Integer, Integer> inWindow = new HashMap<>();
        int repeated = 0;
        int lo = 0;
        int hi = 0;
        for (int j = 0; j < byTime.length; j++) {
            long t = running.time(byTime[j]);
            while (hi < byTime.length && running.time(byTime[hi]) <= t + half) {
                if (inWindow.merge(running.thread(byTime[hi]), 1, Integer::sum) == 2) repeated++;
                hi++;
            }
            while (running.time(byTime[lo]) < t - half) {
                int thread = running.thread(byTime[lo]);
                int left = inWindow.get(thread) - 1;
                if (left == 1) repeated--;
                if (left == 0) inWindow.remove(thread);
                else inWindow.put(thread, left);
                lo++;
            }
            distinct[j] = inWindow.size();
            boolean ownRepeated = inWindow.get(running.thread(byTime[j])) >= 2;
            choices[j] = 1 + repeated - (ownRepeated ? 1 : 0);
        }
    }
}
