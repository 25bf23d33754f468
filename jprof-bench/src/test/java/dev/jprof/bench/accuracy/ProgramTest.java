package dev.jprof.bench.accuracy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The truth lines as dev.jprof.testapps prints them. */
class ProgramTest {
    @Test
    void cpuSplitTruthWithOtherAtZero() {
        Map<String, Double> t = Program.CPU_SPLIT.truth("split alpha=50.0% beta=30.1% gamma=19.9% cpuMs=469\n");
        assertThat(t).containsExactlyEntriesOf(new java.util.LinkedHashMap<>(Map.of()) {{
            put("alpha", 50.0);
            put("beta", 30.1);
            put("gamma", 19.9);
            put(Attribution.OTHER, 0.0);
        }});
    }

    @Test
    void nativeMixTruthIsTheMainThreadsSplitAndItAloneRunsAtOneMillisecond() {
        Map<String, Double> t = Program.NATIVE_MIX.truth("split compress=45.2% allocate=43.9% arithmetic=10.9% cpuMs=3890\n"
                + "reader-0 cpuMs=1\n");
        assertThat(t).containsEntry("compress", 45.2).containsEntry("allocate", 43.9).containsEntry("arithmetic", 10.9)
                .containsEntry(Attribution.OTHER, 0.0);
        assertThat(Program.NATIVE_MIX.args(4)).containsExactly("4", "0");
        assertThat(Program.values()).filteredOn(Program::atOneMillisecond).containsExactly(Program.NATIVE_MIX);
    }

    @Test
    void nativeFramesBelowAMeasuredMethodCountForIt() {
        var samples = StackSample.parseCollapsed("""
                [main tid=7];dev/jprof/testapps/NativeMix.main;dev/jprof/testapps/NativeMix.compress;java/util/zip/Deflater.deflate;deflate_slow 45
                [main tid=7];dev/jprof/testapps/NativeMix.main;dev/jprof/testapps/NativeMix.allocate;MemAllocator::allocate() const 44
                [main tid=7];dev/jprof/testapps/NativeMix.main;dev/jprof/testapps/NativeMix.arithmetic 11
                [G1 Young RemSet Sampling];thread_native_entry 30
                """, true);
        Attribution a = Program.NATIVE_MIX.attribute(samples);
        assertThat(a.weights()).containsEntry("compress", 45.0).containsEntry("allocate", 44.0).containsEntry("arithmetic", 11.0)
                .containsEntry(Attribution.OTHER, 0.0);
        assertThat(a.outside()).isEqualTo(30);
    }

    @Test
    void sleepSplitTruthCallsTheSleepPause() {
        Map<String, Double> t = Program.SLEEP_SPLIT.truth("wall compute=30.1% sleep=69.9% wallMs=4010\n");
        assertThat(t).containsEntry("compute", 30.1).containsEntry("pause", 69.9).containsEntry(Attribution.OTHER, 0.0);
    }

    @Test
    void safepointBiasTruth() {
        Map<String, Double> t = Program.SAFEPOINT_BIAS.truth("bias hotLoop=98.5% cheapCall=1.5% hotLoopNs=96.3 cheapCallNs=1.5\n");
        assertThat(t).containsEntry("hotLoop", 98.5).containsEntry("cheapCall", 1.5);
    }

    @Test
    void manyThreadsTruthIsEachThreadsCpuTime() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Program.THREADS; i++) text.append(String.format("busy-%02d cpuMs=%d%n", i, 100 + i));
        text.append("total cpuMs=9999\n");
        Map<String, Double> t = Program.MANY_THREADS.truth(text.toString());
        assertThat(t).hasSize(Program.THREADS).containsEntry("busy-00", 100.0).containsEntry("busy-31", 131.0);
        assertThat(Program.MANY_THREADS.categories()).hasSize(Program.THREADS).startsWith("busy-00").endsWith("busy-31");
    }

    @Test
    void aTruthWithoutItsLineIsAnError() {
        assertThatThrownBy(() -> Program.CPU_SPLIT.truth("CpuSplit threads=2 seconds=2.0\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no 'split ...' line");
        assertThatThrownBy(() -> Program.SLEEP_SPLIT.truth("wall compute=30.1% wallMs=4\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks");
    }

    @Test
    void aProfileScoredAgainstItsTruth() {
        var samples = StackSample.parseCollapsed("""
                [cpusplit-0];java.lang.Thread.run;dev.jprof.testapps.CpuSplit.run;dev.jprof.testapps.CpuSplit.alpha 60
                [cpusplit-1];java.lang.Thread.run;dev.jprof.testapps.CpuSplit.run;dev.jprof.testapps.CpuSplit.beta 30
                [cpusplit-1];java.lang.Thread.run;dev.jprof.testapps.CpuSplit.run 10
                [main];dev.jprof.testapps.CpuSplit.main 500
                """, true);
        Attribution a = Program.CPU_SPLIT.attribute(samples);
        Map<String, Double> truth = Program.CPU_SPLIT.truth("split alpha=50.0% beta=30.0% gamma=20.0% cpuMs=1\n");
        // profile 0.6/0.3/0/0.1 against 0.5/0.3/0.2/0: (0.1 + 0 + 0.2 + 0.1) / 2
        assertThat(Distance.totalVariation(a.weights(), truth)).isCloseTo(0.2, within(1e-12));
        assertThat(a.outside()).isEqualTo(500);
    }
}
