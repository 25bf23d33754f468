package dev.jprof.capture.attach;

import dev.jprof.capture.jfr.ThreadActivity;
import jdk.jfr.Configuration;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AttachPartsTest {
    @Test
    void jfcHoldsExactlyTheSettingsAndJfrReadsIt() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("jdk.ExecutionSample#enabled", "true");
        settings.put("jdk.ExecutionSample#period", "10 ms");
        settings.put("jprof.WaitSample#enabled", "true");
        settings.put("jprof.ThreadActivity#period", "endChunk");

        Configuration configuration = Configuration.create(new StringReader(DiagnosticCommandRecording.jfc(settings)));

        assertThat(configuration.getSettings()).isEqualTo(settings);
        assertThat(configuration.getName()).isNull();
    }

    @Test
    void cpuTimeBetweenTwoSnapshots() {
        ThreadSnapshot start = new ThreadSnapshot(1_000, Map.of(1L, "main", 2L, "ends", 3L, "no-cpu"),
                Map.of(1L, 500L, 2L, 100L, 3L, -1L));
        ThreadSnapshot end = new ThreadSnapshot(9_000, Map.of(1L, "main-renamed", 3L, "no-cpu", 4L, "new"),
                Map.of(1L, 2_500L, 3L, -1L, 4L, 700L));

        List<ThreadActivity> activity = ThreadSnapshot.between(start, end);

        assertThat(activity).containsExactlyInAnyOrder(
                new ThreadActivity(1, "main-renamed", 1_000, 9_000, 0, 2_000),
                new ThreadActivity(2, "ends", 1_000, 9_000, 0, -1),
                new ThreadActivity(3, "no-cpu", 1_000, 9_000, 0, -1),
                new ThreadActivity(4, "new", 1_000, 9_000, 0, 700));
    }

    @Test
    void featureVersions() {
        assertThat(JvmConnection.featureVersion("17")).isEqualTo(17);
        assertThat(JvmConnection.featureVersion("25")).isEqualTo(25);
        assertThat(JvmConnection.featureVersion("1.8")).isEqualTo(8);
        assertThat(JvmConnection.featureVersion("?")).isZero();
        assertThat(JvmConnection.featureVersion(null)).isZero();
    }

    @Test
    void failureMessagesAreOneLine() {
        Exception nested = new RuntimeException(null, new java.io.IOException("first line\n\tat some.Frame"));
        assertThat(JvmConnection.firstLine(nested)).isEqualTo("first line");
    }
}
