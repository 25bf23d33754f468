package dev.jprof.capture.jfr;

import dev.jprof.heap.LeakCandidate;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Old-object samples of this JVM, with paths to GC roots. */
class OldObjectSampleReaderTest {
    @TempDir
    Path dir;

    static final List<Hoarded> HOARD = new ArrayList<>();

    static final class Hoarded {
        final byte[] payload = new byte[2048];
    }

    /** One recording: hoards objects, collects garbage once (JFR reports samples that survived a collection), reads it back. */
    private List<LeakCandidate> hoardWhileRecording(int round) throws Exception {
        Path file = dir.resolve("old-" + round + ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable(OldObjectSampleReader.OLD_OBJECT_SAMPLE).withStackTrace().with("cutoff", "infinity");
            recording.start();
            for (int i = 0; i < 20_000; i++) HOARD.add(new Hoarded());
            System.gc();
            recording.stop();
            recording.dump(file);
        }
        return OldObjectSampleReader.read(file);
    }

    @Test
    void leakedObjectsComeWithTheStaticFieldThatHoldsThem() throws Exception {
        // the sampler picks allocations at random, weighted by size: a round may catch none of the hoard
        LeakCandidate hoarded = null;
        try {
            for (int round = 0; round < 5 && hoarded == null; round++) {
                hoarded = hoardWhileRecording(round).stream().filter(c -> c.chainText().contains("HOARD")).findFirst().orElse(null);
            }
        } finally {
            HOARD.clear();
        }
        assertThat(hoarded).as("a sampled object held by HOARD in 5 recordings").isNotNull();
        assertThat(hoarded.chainText()).contains("OldObjectSampleReaderTest}.HOARD -> java.util.ArrayList.elementData");
        assertThat(hoarded.stack()).anyMatch(f -> f.contains("hoardWhileRecording"));
        assertThat(hoarded.root()).isNotEmpty();
    }
}
