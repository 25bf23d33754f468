package dev.jprof.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class QuietTest {
    @Test
    void busyIsEverythingButIdleAndIowait() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        Quiet.Ticks t = Quiet.parse("cpu  646096 126 45566 131124 170 0 198 1215 0 0");
        assertThat(t.busy()).isEqualTo(646096 + 126 + 45566 + 198 + 1215);
        assertThat(t.total()).isEqualTo(t.busy() + 131124 + 170);
    }

    @Test
    void refusesAnotherLine() {
        assertThatThrownBy(() -> Quiet.parse("cpu0 1 2 3 4 5")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void otherShareIsBusyTimeNotOwnedByTheRunOverTheMachine() {
        Quiet.Ticks before = new Quiet.Ticks(1000, 5000);
        Quiet.Ticks after = new Quiet.Ticks(1000 + 2500, 5000 + 4000); // 25 busy seconds in all
        // the run took 20 s of CPU in 20 s of wall on 2 cores: others took 5 of 40 core-seconds
        assertThat(Quiet.otherShare(before, after, 20, 20, 2)).isCloseTo(0.125, within(1e-9));
        // rusage can exceed the tick count a little (different clocks): never below zero
        assertThat(Quiet.otherShare(before, after, 26, 20, 2)).isZero();
        assertThat(Quiet.otherShare(null, after, 20, 20, 2)).isNaN();
    }
}
