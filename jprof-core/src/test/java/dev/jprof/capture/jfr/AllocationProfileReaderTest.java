package dev.jprof.capture.jfr;

import dev.jprof.capture.ProfileFormatException;
import dev.jprof.model.Attributes;
import dev.jprof.model.FrameKind;
import dev.jprof.model.Profile;
import dev.jprof.model.Unit;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Allocation recordings of this JVM, read back. */
class AllocationProfileReaderTest {
    @TempDir
    Path dir;

    static volatile Object sink;

    static final class Chunk {
        final long[] data = new long[512];
    }

    static void allocateChunks(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            List<Chunk> chunks = new ArrayList<>();
            for (int i = 0; i < 1000; i++) chunks.add(new Chunk());
            sink = chunks;
        }
    }

    @Test
    void bytesByStackWithTheAllocatedTypeOnTop() throws Exception {
        Path file = dir.resolve("alloc.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(AllocationProfileReader.ALLOCATION_SAMPLE).withStackTrace().with("throttle", "1000/s");
            recording.start();
            allocateChunks(700);
            recording.stop();
            recording.dump(file);
        }
        assertThat(AllocationProfileReader.isAllocationRecording(file)).isTrue();
        Profile profile = JfrProfileReader.read(file);
        assertThat(profile.attribute(Attributes.MODE)).isEqualTo("alloc");
        assertThat(profile.valueTypes().get(0).unit()).isEqualTo(Unit.BYTES);
        assertThat(profile.valueTypeIndex("count")).isEqualTo(1);

        long total = profile.total(0);
        long inChunks = 0;
        for (int s = 0; s < profile.sampleCount(); s++) {
            int stack = profile.sampleStack(s);
            int leaf = profile.stackFrame(stack);
            assertThat(profile.frameKind(leaf)).isEqualTo(FrameKind.ALLOCATION);
            int[] frames = profile.stackFrames(stack);
            boolean inMethod = false;
            for (int f : frames) inMethod |= profile.frameName(f).endsWith("AllocationProfileReaderTest.allocateChunks");
            if (inMethod && profile.frameName(leaf).equals("long[]")) inChunks += profile.value(0, s);
        }
        assertThat(profile.total(1)).isGreaterThan(20);
        assertThat((double) inChunks / total).isGreaterThan(0.8);
    }

    @Test
    void aRecordingWithoutAllocationsSaysSo() throws Exception {
        Path file = dir.resolve("empty.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JVMInformation");
            recording.start();
            recording.stop();
            recording.dump(file);
        }
        assertThat(AllocationProfileReader.isAllocationRecording(file)).isFalse();
        assertThatThrownBy(() -> AllocationProfileReader.read(file)).isInstanceOf(ProfileFormatException.class)
                .hasMessageContaining("no allocation samples");
    }
}
