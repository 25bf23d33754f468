package dev.jprof.capture;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplingSettingsTest {
    private static final Duration TEN_MS = Duration.ofMillis(10);

    @Test
    void oneModeOrThreadsWithAllocations() {
        assertThat(SamplingSettings.parse("wall", TEN_MS).agentMode()).isEqualTo("wall");
        assertThat(SamplingSettings.parse("alloc", TEN_MS).modes()).containsExactly(Mode.ALLOC);
        SamplingSettings both = SamplingSettings.parse("alloc, CPU", TEN_MS);
        assertThat(both.mode()).isEqualTo(Mode.CPU);
        assertThat(both.allocations()).isTrue();
        assertThat(both.modes()).containsExactly(Mode.CPU, Mode.ALLOC);
        assertThat(both.agentMode()).isEqualTo("cpu+alloc");
        assertThat(SamplingSettings.parse("wall+alloc", TEN_MS).agentMode()).isEqualTo("wall+alloc");
    }

    @Test
    void refusesWhatDoesNotGoTogether() {
        assertThatThrownBy(() -> SamplingSettings.parse("cpu,wall", TEN_MS)).hasMessageContaining("do not go together");
        assertThatThrownBy(() -> SamplingSettings.parse("cpu,", TEN_MS)).hasMessageContaining("unknown mode ''");
        assertThatThrownBy(() -> SamplingSettings.parse("heap", TEN_MS)).hasMessageContaining("unknown mode 'heap'");
    }
}
