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
    void lockWaitsAloneOrBesideTheOthers() {
        SamplingSettings lock = SamplingSettings.parse("lock", TEN_MS);
        assertThat(lock.mode()).isEqualTo(Mode.LOCK);
        assertThat(lock.locks()).isFalse();
        assertThat(lock.agentMode()).isEqualTo("lock");
        SamplingSettings wallLock = SamplingSettings.parse("lock,wall", TEN_MS);
        assertThat(wallLock.modes()).containsExactly(Mode.WALL, Mode.LOCK);
        assertThat(wallLock.agentMode()).isEqualTo("wall+lock");
        assertThat(SamplingSettings.parse("lock,alloc,cpu", TEN_MS).agentMode()).isEqualTo("cpu+alloc+lock");
        assertThat(SamplingSettings.parse("lock,alloc", TEN_MS).agentMode()).isEqualTo("alloc+lock");
        assertThatThrownBy(() -> new SamplingSettings(Mode.LOCK, TEN_MS, false, true)).hasMessageContaining("lock mode records lock waits already");
    }

    @Test
    void refusesWhatDoesNotGoTogether() {
        assertThatThrownBy(() -> SamplingSettings.parse("cpu,wall", TEN_MS)).hasMessageContaining("do not go together");
        assertThatThrownBy(() -> SamplingSettings.parse("cpu,", TEN_MS)).hasMessageContaining("unknown mode ''");
        assertThatThrownBy(() -> SamplingSettings.parse("heap", TEN_MS)).hasMessageContaining("unknown mode 'heap'");
    }
}
