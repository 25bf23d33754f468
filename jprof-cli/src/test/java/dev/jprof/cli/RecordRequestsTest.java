package dev.jprof.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordRequestsTest {
    @Test
    void theWatchSamplesAHundredTimesOverTheThresholdBetween1And10Milliseconds() {
        assertThat(RecordRequests.defaultIntervalNanos(500_000_000L)).isEqualTo(5_000_000L);
        assertThat(RecordRequests.defaultIntervalNanos(50_000_000L)).isEqualTo(1_000_000L);
        assertThat(RecordRequests.defaultIntervalNanos(1_000L)).isEqualTo(1_000_000L);
        assertThat(RecordRequests.defaultIntervalNanos(250_000_000L)).isEqualTo(2_000_000L);
        assertThat(RecordRequests.defaultIntervalNanos(5_000_000_000L)).isEqualTo(10_000_000L);
    }

    @Test
    void theThresholdIsReadFromSlowerThan() {
        assertThat(RecordRequests.slowerThan("slower-than=500ms")).isEqualTo(500_000_000L);
        assertThatThrownBy(() -> RecordRequests.slowerThan("faster-than=1s")).isInstanceOf(UserError.class)
                .hasMessage("--requests takes slower-than=TIME (500ms, 2s), got 'faster-than=1s'");
        assertThatThrownBy(() -> RecordRequests.slowerThan("slower-than=0ms")).isInstanceOf(UserError.class)
                .hasMessage("--requests: slower-than must be positive");
    }
}
