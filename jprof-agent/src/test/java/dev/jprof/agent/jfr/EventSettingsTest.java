package dev.jprof.agent.jfr;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSettingsTest {
    @Test
    void executionSampleAtTheInterval() {
        Map<String, String> s = EventSettings.forMode("cpu", 10_000_000, false);
        assertThat(s).containsEntry("jdk.ExecutionSample#enabled", "true")
                .containsEntry("jdk.ExecutionSample#period", "10 ms")
                .containsEntry("jdk.NativeMethodSample#enabled", "true")
                .containsEntry("jdk.NativeMethodSample#period", "10 ms")
                .doesNotContainKey("jdk.CPUTimeSample#enabled")
                .containsEntry("jprof.RecordingInfo#enabled", "true")
                .containsEntry("jprof.WaitSample#enabled", "true")
                .containsEntry("jprof.ThreadActivity#enabled", "true")
                .containsEntry("jprof.ThreadActivity#period", "endChunk")
                .containsEntry("jdk.JVMInformation#enabled", "true");
        assertThat(s.keySet()).allMatch(k -> k.startsWith("jdk.ExecutionSample") || k.startsWith("jdk.NativeMethodSample") || k.startsWith("jprof.")
                || k.matches("jdk\\.(JVM|OS|CPU)Information#.*"));
    }

    @Test
    void cpuTimeSamplerInstead() {
        Map<String, String> s = EventSettings.forMode("wall", 20_000_000, true);
        assertThat(s).containsEntry("jdk.CPUTimeSample#enabled", "true")
                .containsEntry("jdk.CPUTimeSample#throttle", "20 ms")
                .containsEntry("jdk.CPUTimeSamplesLost#enabled", "true")
                .doesNotContainKey("jdk.ExecutionSample#enabled")
                .doesNotContainKey("jdk.NativeMethodSample#enabled");
    }

    @Test
    void wallModeLeavesNativeCodeToJprofsSampler() {
        assertThat(EventSettings.forMode("wall", 10_000_000, false)).containsEntry("jdk.ExecutionSample#enabled", "true")
                .doesNotContainKey("jdk.NativeMethodSample#enabled");
        assertThat(EventSettings.forMode("cpu", 10_000_000, true)).doesNotContainKey("jdk.NativeMethodSample#enabled");
    }

    @Test
    void allocationSamplesThrottledToOnePerInterval() {
        Map<String, String> s = EventSettings.forAllocation(10_000_000, true);
        assertThat(s).containsEntry("jdk.ObjectAllocationSample#enabled", "true")
                .containsEntry("jdk.ObjectAllocationSample#stackTrace", "true")
                .containsEntry("jdk.ObjectAllocationSample#throttle", "100/s")
                .containsEntry("jprof.RecordingInfo#enabled", "true")
                .doesNotContainKey("jdk.ExecutionSample#enabled")
                .doesNotContainKey("jdk.ObjectAllocationInNewTLAB#enabled");
        assertThat(EventSettings.forAllocation(5_000_000_000L, true)).containsEntry("jdk.ObjectAllocationSample#throttle", "1/s");
    }

    @Test
    void tlabEventsBeforeJdk16() {
        Map<String, String> s = EventSettings.forAllocation(10_000_000, false);
        assertThat(s).containsEntry("jdk.ObjectAllocationInNewTLAB#enabled", "true")
                .containsEntry("jdk.ObjectAllocationOutsideTLAB#stackTrace", "true")
                .doesNotContainKey("jdk.ObjectAllocationSample#enabled");
    }

    @Test
    void lockEventsWithStacksAboveTheThreshold() {
        Map<String, String> s = EventSettings.forLock(100_000);
        for (String event : new String[] {"jdk.JavaMonitorEnter", "jdk.ThreadPark"}) {
            assertThat(s).containsEntry(event + "#enabled", "true").containsEntry(event + "#stackTrace", "true")
                    .containsEntry(event + "#threshold", "100000 ns");
        }
        assertThat(s).containsEntry("jdk.ActiveSetting#enabled", "true").doesNotContainKey("jdk.ExecutionSample#enabled");
        Map<String, String> both = EventSettings.withLock(EventSettings.forMode("wall", 10_000_000, false), 0);
        assertThat(both).containsEntry("jdk.ExecutionSample#enabled", "true").containsEntry("jdk.ThreadPark#threshold", "0 ns");
        assertThatThrownBy(() -> EventSettings.forLock(-1)).hasMessageContaining("must not be negative");
    }

    @Test
    void periods() {
        assertThat(EventSettings.executionSamplePeriod(100_000)).isEqualTo("1 ms");
        assertThat(EventSettings.executionSamplePeriod(1_600_000)).isEqualTo("2 ms");
        assertThat(EventSettings.cpuTimePeriod(500_000)).isEqualTo("500 us");
        assertThat(EventSettings.cpuTimePeriod(1_000_001)).isEqualTo("1000001 ns");
    }

    @Test
    void engineNamesAndBadMode() {
        assertThat(EventSettings.engineName(true)).isEqualTo("jfr-cpu-time");
        assertThat(EventSettings.engineName(false)).isEqualTo("jfr-execution-sample");
        assertThatThrownBy(() -> EventSettings.forMode("alloc", 1, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cpuTimeSamplerOnlyFromJdk25() {
        boolean expected = Runtime.version().feature() >= 25 && System.getProperty("os.name").toLowerCase().contains("linux");
        assertThat(EventSettings.cpuTimeSamplerAvailable()).isEqualTo(expected);
    }
}
