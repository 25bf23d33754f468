package dev.jprof.capture.jfr;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.jprof.capture.jfr.CpuShares.JAVA;
import static dev.jprof.capture.jfr.CpuShares.JAVA_CHOSEN;
import static dev.jprof.capture.jfr.CpuShares.NATIVE;
import static org.assertj.core.api.Assertions.assertThat;

class CpuSharesTest {
    private static final long MS = 1_000_000;

    private long[] out;

    private long share(long cpu, long[] claims, byte... kinds) {
        out = new long[claims.length];
        return CpuShares.share(cpu, claims, kinds, 0, claims.length, out);
    }

    @Test
    void eachSampleGetsWhatItClaimsAndTheRestIsTimeNoSamplerSaw() {
        // a thread 45% in native code, 11% in Java, the rest inside the VM: 1 s of CPU, 10 ms samples
        long[] claims = new long[56];
        byte[] kinds = new byte[56];
        Arrays.fill(claims, 10 * MS);
        Arrays.fill(kinds, 0, 45, NATIVE);
        Arrays.fill(kinds, 45, 56, JAVA);
        long rest = share(1000 * MS, claims, kinds);
        assertThat(out).containsOnly(10 * MS);
        assertThat(rest).isEqualTo(440 * MS);
    }

    @Test
    void javaSamplesComeFirstSoTimeBlockedInNativeCodeGetsNoCpu() {
        // half the time computing in Java, half blocked in a socket read: 500 ms of CPU in a second
        long[] claims = new long[100];
        byte[] kinds = new byte[100];
        Arrays.fill(claims, 10 * MS);
        Arrays.fill(kinds, 0, 50, JAVA);
        Arrays.fill(kinds, 50, 100, NATIVE);
        long rest = share(500 * MS, claims, kinds);
        assertThat(Arrays.copyOfRange(out, 0, 50)).containsOnly(10 * MS);
        assertThat(Arrays.copyOfRange(out, 50, 100)).containsOnly(0L);
        assertThat(rest).isZero();
    }

    @Test
    void aThreadThatOnlyWaitsInANativeReadGetsTheLittleCpuItUsed() {
        long[] claims = new long[100];
        byte[] kinds = new byte[100];
        Arrays.fill(claims, 10 * MS);
        Arrays.fill(kinds, NATIVE);
        long rest = share(2 * MS, claims, kinds);
        assertThat(Arrays.stream(out).sum()).isEqualTo(2 * MS);
        assertThat(Arrays.stream(out).max().getAsLong()).isLessThanOrEqualTo(MS / 10);
        assertThat(rest).isZero();
    }

    @Test
    void moreCpuThanTheJavaSamplesClaimGoesToTheNativeOnesInProportionToTheirClaims() {
        // one native sample chosen among three threads in native code stands for three periods
        long rest = share(50 * MS, new long[] {10 * MS, 30 * MS, 10 * MS, 30 * MS}, JAVA, NATIVE, JAVA, NATIVE);
        assertThat(out).containsExactly(10 * MS, 15 * MS, 10 * MS, 15 * MS);
        assertThat(rest).isZero();
    }

    @Test
    void lessCpuThanTheJavaSamplesClaimIsSharedAmongThem() {
        // 32 busy threads on 2 cores: each sample stands for less than a period of CPU
        long rest = share(25 * MS, new long[] {10 * MS, 10 * MS, 10 * MS, 10 * MS}, JAVA, JAVA_CHOSEN, JAVA, NATIVE);
        assertThat(out[0] + out[1] + out[2]).isEqualTo(25 * MS);
        assertThat(out[0]).isBetween(8 * MS, 9 * MS);
        assertThat(out[3]).isZero();
        assertThat(rest).isZero();
    }

    @Test
    void samplesFromRoundsWhereTheSamplerHadToChooseTakeTheRest() {
        long rest = share(100 * MS, new long[] {10 * MS, 10 * MS, 10 * MS}, JAVA_CHOSEN, JAVA_CHOSEN, NATIVE);
        assertThat(out).containsExactly(45 * MS, 45 * MS, 10 * MS);
        assertThat(rest).isZero();
    }

    @Test
    void sharesAddUpToTheCpuTimeExactly() {
        long[] claims = {3, 7, 11, 13, 17};
        byte[] kinds = {JAVA, NATIVE, NATIVE, JAVA, NATIVE};
        for (long cpu : new long[] {0, 1, 9, 16, 29, 50, 51, 1000, Long.MAX_VALUE / 4}) {
            long rest = share(cpu, claims, kinds);
            assertThat(Arrays.stream(out).sum() + rest).as("cpu " + cpu).isEqualTo(cpu);
            for (int i = 0; i < claims.length; i++) assertThat(out[i]).isBetween(0L, claims[i]);
        }
    }

    @Test
    void aWindowWithoutSamplesLeavesAllItsCpuUnclaimed() {
        assertThat(share(7 * MS, new long[0])).isEqualTo(7 * MS);
    }
}
