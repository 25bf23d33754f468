package dev.jprof.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveBenchTest {
    @Test
    void readsTheTargetsJfrStateLines() {
        assertThat(LiveBench.JfrState.parse("jfr RUNNING 123456789012 bench-1"))
                .isEqualTo(new LiveBench.JfrState("RUNNING", 123456789012L));
        assertThat(LiveBench.JfrState.parse("jfr STOPPED 5 jprof")).isEqualTo(new LiveBench.JfrState("STOPPED", 5));
    }

    @Test
    void ignoresEveryOtherLine() {
        assertThat(LiveBench.JfrState.parse("ops 1 2 3 4")).isNull();
        assertThat(LiveBench.JfrState.parse("jfr RUNNING soon")).isNull();
        assertThat(LiveBench.JfrState.parse("ready 4242")).isNull();
    }

    @Test
    void spreadIsMedianThenRange() {
        assertThat(LiveBench.spread(List.of(3.0, 1.0, 2.0, 10.0), "%.1f")).isEqualTo("2.5 (1.0–10.0)");
        assertThat(LiveBench.spread(List.of(), "%.1f")).isEqualTo("–");
    }

    @Test
    void aWindowsRatesComeFromTheWorkloadsOwnCounters() {
        LiveBench.Window w = new LiveBench.Window(2_000_000_000L, 1000, 4_000_000_000L, 1_000_000_000L);
        assertThat(w.opsPerSecond()).isEqualTo(500.0);
        assertThat(w.opsPerWorkerCpuSecond()).isEqualTo(1000.0);
        assertThat(w.processCpuMicrosPerOp()).isEqualTo(4000.0);
    }
}
