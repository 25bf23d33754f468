package dev.jprof.capture.jfr;

import dev.jprof.capture.jfr.file.JfrThread;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SamplerRoundsTest {
    private static final long MS = 1_000_000;
    private static final Object CHUNK = new Object();

    private final RunningSamples samples = new RunningSamples();

    private static JfrThread thread(int id) {
        return new JfrThread(id, "t" + id, 1000 + id, "t" + id);
    }

    private int add(int thread, long time, boolean inNative) {
        samples.add(CHUNK, thread(thread), time, 0, 0, inNative);
        return samples.size() - 1;
    }

    @Test
    void aNativeSampleStandsForAsManyPeriodsAsThreadsTakenInTurnAroundIt() {
        // threads 1 and 2 wait in native reads all the while: the sampler takes them in turn
        int[] ofThread1 = new int[50];
        for (int round = 0; round < 100; round++) {
            int s = add(1 + round % 2, round * 10 * MS, true);
            if (round % 2 == 0) ofThread1[round / 2] = s;
        }
        SamplerRounds rounds = SamplerRounds.of(samples, 10 * MS);
        for (int s : ofThread1) {
            assertThat(rounds.kinds[s]).isEqualTo(CpuShares.NATIVE);
            assertThat(rounds.claims[s]).isEqualTo(2);
        }
        assertThat(rounds.periodNanos).isEqualTo(10 * MS);
    }

    @Test
    void aThreadTakenOnceWentThroughNativeCodeBrieflyAndIsNoChoice() {
        int last = 0;
        for (int round = 0; round < 100; round++) last = add(round == 50 ? 7 : 1, round * 10 * MS, true);
        SamplerRounds rounds = SamplerRounds.of(samples, 10 * MS);
        assertThat(rounds.claims[last]).isEqualTo(1);
        assertThat(rounds.claims[49]).isEqualTo(1);
    }

    @Test
    void manyThreadsInNativeCodeWidenTheSpanUntilItHoldsThemAll() {
        // 40 threads in native code, more than a span of 33 rounds can show twice each
        for (int round = 0; round < 2000; round++) add(1 + round % 40, round * 10 * MS, true);
        SamplerRounds rounds = SamplerRounds.of(samples, 10 * MS);
        assertThat(rounds.claims[1000]).isEqualTo(40);
    }

    @Test
    void javaSamplesOfAFullRoundStandForMoreThanTheirPeriod() {
        int full = -1;
        int partial = -1;
        for (int round = 0; round < 20; round++) {
            long t = round * 12 * MS;
            int threads = round % 2 == 0 ? SamplerRounds.JAVA_PER_ROUND : 2;
            for (int k = 0; k < threads; k++) {
                int s = add(10 + k, t + k * 20_000, false);
                if (round == 4 && k == 0) full = s;
                if (round == 5 && k == 0) partial = s;
            }
        }
        SamplerRounds rounds = SamplerRounds.of(samples, 10 * MS);
        assertThat(rounds.kinds[full]).isEqualTo(CpuShares.JAVA_CHOSEN);
        assertThat(rounds.kinds[partial]).isEqualTo(CpuShares.JAVA);
        assertThat(rounds.claims[full]).isEqualTo(1);
        // rounds came every 12 ms, not the 10 asked for
        assertThat(rounds.periodNanos).isBetween(11_900_000L, 12_000_000L);
    }
}
