package dev.jprof.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConversionBenchTest {
    @Test
    void sumsTheCountsOfACollapsedFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.collapsed");
        Files.writeString(f, "a;b;c 1200\na;b 34\n[main];a b;c 6\n");
        assertThat(ConversionBench.collapsedTotals(f)).isEqualTo("holds 1,240 samples in 3 distinct stacks");
    }

    @Test
    void saysWhenTheFileIsMissingOrGarbage(@TempDir Path dir) throws Exception {
        assertThat(ConversionBench.collapsedTotals(dir.resolve("none"))).isEqualTo("is missing");
        Path f = dir.resolve("bad.collapsed");
        Files.writeString(f, "a;b notanumber\n");
        assertThat(ConversionBench.collapsedTotals(f)).startsWith("is unreadable");
    }

    @Test
    void concatenatedRecordingIsTheCopiesBackToBack(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("one.jfr");
        Files.write(one, new byte[]{1, 2, 3});
        Path big = dir.resolve("big.jfr");
        WorkFiles.concatenate(one, 3, big);
        assertThat(Files.readAllBytes(big)).containsExactly(1, 2, 3, 1, 2, 3, 1, 2, 3);
    }

    @Name("jprof.bench.Marker")
    static final class Marker extends Event {
    }

    @Test
    void aConcatenatedJfrRecordingReadsAsEveryEventTimesTheCopies(@TempDir Path dir) throws Exception {
        Path one = dir.resolve("one.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(Marker.class);
            recording.start();
            for (int i = 0; i < 5; i++) new Marker().commit();
            recording.stop();
            recording.dump(one);
        }
        Path big = dir.resolve("big.jfr");
        WorkFiles.concatenate(one, 3, big);
        long markers = RecordingFile.readAllEvents(big).stream()
                .filter(e -> e.getEventType().getName().equals("jprof.bench.Marker")).count();
        assertThat(markers).isEqualTo(15);
    }
}
