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

    @Test
    void leakedObjectsComeWithTheStaticFieldThatHoldsThem() throws Exception {
        Path file = dir.resolve("old.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(OldObjectSampleReader.OLD_OBJECT_SAMPLE).withStackTrace().with("cutoff", "infinity");
            recording.start();
            for (int i = 0; i < 20_000; i++) HOARD.add(new Hoarded());
            // JFR reports a sampled object once it has survived a collection
            System.gc();
            recording.stop();
            recording.dump(file);
        } finally {
            HOARD.clear();
        }
        List<LeakCandidate> candidates = OldObjectSampleReader.read(file);
        assertThat(candidates).isNotEmpty();
        LeakCandidate hoarded = candidates.stream().filter(c -> c.chainText().contains("HOARD")).findFirst().orElseThrow();
        assertThat(hoarded.chainText()).contains("OldObjectSampleReaderTest}.HOARD -> java.util.ArrayList.elementData");
        assertThat(hoarded.stack()).anyMatch(f -> f.contains("leakedObjectsComeWithTheStaticFieldThatHoldsThem"));
        assertThat(hoarded.root()).isNotEmpty();
    }
}
