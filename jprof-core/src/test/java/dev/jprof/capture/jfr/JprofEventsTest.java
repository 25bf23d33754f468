package dev.jprof.capture.jfr;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JprofEventsTest {
    @Test
    void eachModeHasTheEngineAtItsPlace() {
        assertThat(JprofEvents.enginePart("cpu+alloc+lock", "jfr-cpu-time+jfr-allocation-sample+jfr-lock", "lock")).isEqualTo("jfr-lock");
        assertThat(JprofEvents.enginePart("cpu+alloc+lock", "jfr-cpu-time+jfr-allocation-sample+jfr-lock", "alloc")).isEqualTo("jfr-allocation-sample");
        assertThat(JprofEvents.enginePart("lock", "jfr-lock", "lock")).isEqualTo("jfr-lock");
        // a recording whose engines do not line up with its modes keeps the whole text
        assertThat(JprofEvents.enginePart("wall+lock", "jfr-lock", "lock")).isEqualTo("jfr-lock");
        assertThat(JprofEvents.threadPart("wall+lock")).isEqualTo("wall");
    }
}
