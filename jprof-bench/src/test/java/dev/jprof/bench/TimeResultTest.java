package dev.jprof.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TimeResultTest {
    @Test
    void parsesWallUserSystemAndPeakRss() {
        TimeResult t = TimeResult.parse("23.31 22.54 1.72 1153620\n");
        assertThat(t.wallSeconds()).isEqualTo(23.31);
        assertThat(t.userSeconds()).isEqualTo(22.54);
        assertThat(t.systemSeconds()).isEqualTo(1.72);
        assertThat(t.cpuSeconds()).isCloseTo(24.26, within(1e-9));
        assertThat(t.maxRssKb()).isEqualTo(1153620);
        assertThat(t.exitCode()).isZero();
    }

    @Test
    void readsTheExitCodeLineThatGnuTimeAddsForAFailedCommand() {
        TimeResult t = TimeResult.parse("Command exited with non-zero status 3\n0.52 0.61 0.08 40212\n");
        assertThat(t.exitCode()).isEqualTo(3);
        assertThat(t.wallSeconds()).isEqualTo(0.52);
    }

    @Test
    void aSignalBecomes128PlusItsNumber() {
        TimeResult t = TimeResult.parse("Command terminated by signal 9\n1.00 0.90 0.10 1000\n");
        assertThat(t.exitCode()).isEqualTo(137);
    }

    @Test
    void ignoresLinesTheCommandItselfMightHaveWrittenBefore() {
        TimeResult t = TimeResult.parse("some noise 1 2\n\n  10.00 19.50 0.50 2048  \n\n");
        assertThat(t.cpuSeconds()).isEqualTo(20.0);
    }

    @Test
    void refusesOutputWithoutTheNumbers() {
        assertThatThrownBy(() -> TimeResult.parse("/usr/bin/time: cannot run foo: No such file or directory\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no '%e %U %S %M' line");
    }
}
